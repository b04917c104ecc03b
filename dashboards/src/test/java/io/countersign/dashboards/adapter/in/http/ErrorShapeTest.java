package io.countersign.dashboards.adapter.in.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.dashboards.domain.PasswordHash;
import io.countersign.dashboards.domain.Role;
import io.countersign.dashboards.domain.SessionKey;
import io.countersign.dashboards.domain.Sessions;
import io.countersign.dashboards.domain.User;
import io.countersign.dashboards.domain.Users;
import io.countersign.http.JettyServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboards answer every error in the ingest gateway's documented shape: error code, message, request id. */
class ErrorShapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private JettyServer server;
    private String session;

    @BeforeEach
    void start() throws Exception {
        User ana = new User("ana", PasswordHash.hash("a long enough password".toCharArray(), 1_000), Set.of(Role.ANALYST));
        Sessions sessions = new Sessions(SessionKey.random(), Duration.ofMinutes(30), Duration.ofHours(8), Clock.systemUTC());
        session = sessions.start(ana.person());
        // The routes asked for here answer before any query reaches OpenSearch or Kafka.
        ApiRoutes api = new ApiRoutes(null, null, null, null, null, null, null, null);
        server = JettyServer.start(new JettyServer.Settings("dashboards-test", "127.0.0.1", 0, 8, 2, null, null, Duration.ofSeconds(1), false),
                new DashboardsHandler(new Users(List.of(ana), Clock.systemUTC()), sessions, api, null, new Cookies(false, Duration.ofHours(8))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode error(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode body = JSON.readTree(r.body());
        List<String> keys = new ArrayList<>();
        body.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("error", "message", "requestId");
        assertThat(body.path("error").asText()).isEqualTo(code);
        assertThat(body.path("requestId").asText()).isNotBlank();
        return body;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.url() + path));
    }

    @Test
    void withoutASessionTheApiAnswersUnauthenticatedWithTheCallersRequestId() throws Exception {
        HttpResponse<String> r = client.send(request("/api/v1/me").header("X-Request-Id", "trace-42").build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = error(r, 401, "unauthenticated");
        assertThat(body.path("message").asText()).contains("sign in");
        assertThat(body.path("requestId").asText()).isEqualTo("trace-42");
    }

    @Test
    void unknownRoutesAndCrossSitePostsAnswerInTheSameShape() throws Exception {
        String cookie = "cs_session=" + session;
        HttpResponse<String> api = client.send(request("/api/v2/me").header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(error(api, 404, "not_found").path("message").asText()).contains("/api/v1");
        HttpResponse<String> page = client.send(request("/nope").header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(error(page, 404, "not_found").path("message").asText()).contains("no such page");
        HttpResponse<String> crossSite = client.send(request("/logout").header("Cookie", cookie).header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(error(crossSite, 403, "forbidden").path("message").asText()).contains("cross-site");
        HttpResponse<String> badParam = client.send(request("/api/v1/datasets?size=x").header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(error(badParam, 400, "invalid_request").path("message").asText()).contains("size must be a whole number");
    }
}
