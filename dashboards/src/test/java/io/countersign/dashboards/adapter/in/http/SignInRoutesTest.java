package io.countersign.dashboards.adapter.in.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.dashboards.adapter.out.DiscoveredProvider;
import io.countersign.dashboards.application.OidcSignIn;
import io.countersign.dashboards.domain.PasswordHash;
import io.countersign.dashboards.domain.Role;
import io.countersign.dashboards.domain.SessionKey;
import io.countersign.dashboards.domain.Sessions;
import io.countersign.dashboards.domain.User;
import io.countersign.dashboards.domain.Users;
import io.countersign.http.JettyServer;
import io.countersign.oidc.OidcConfig;
import io.countersign.oidc.TokenVerifier;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in over HTTP: a session cookie issued by one dashboards instance is accepted by another with the
 * same session key (the restart case) and by none with another key; sign-out clears it and the instance
 * refuses it afterwards; the cookies' attributes. And the OpenID Connect routes against a real provider
 * (mock-oauth2-server): the redirect out with the attempt cookie, the callback starting a session with the
 * role of the groups claim, and the pages for someone without a role and for a callback without an attempt.
 */
class SignInRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "a long enough password";
    private static final User ANA = new User("ana", PasswordHash.hash(PASSWORD.toCharArray(), 1_000), Set.of(Role.ANALYST));
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : running) {
            c.close();
        }
    }

    private URI dashboards(SessionKey key, boolean secure, int port, OidcSignIn oidc) throws Exception {
        Sessions sessions = new Sessions(key, Duration.ofMinutes(30), Duration.ofHours(8), Clock.systemUTC());
        Cookies cookies = new Cookies(secure, Duration.ofHours(8));
        DashboardsHandler handler = new DashboardsHandler(new Users(List.of(ANA), Clock.systemUTC()), sessions, new ApiRoutes(null, null, null, null, null, null, null, null),
                oidc == null ? null : new OidcRoutes(oidc, sessions, cookies, "Acme SSO"), cookies);
        JettyServer server = JettyServer.start(new JettyServer.Settings("dashboards-test", "127.0.0.1", port, 8, 2, null, null, Duration.ofSeconds(1), false),
                handler);
        running.add(server);
        return server.url();
    }

    private HttpResponse<String> get(URI base, String path, String cookie) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path));
        if (cookie != null) {
            r.header("Cookie", cookie);
        }
        return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String setCookie(HttpResponse<?> r, String name) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie set: " + r.headers().map()));
    }

    private static String value(String setCookie) {
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void aSessionFromOneInstanceIsAcceptedByAnotherWithTheSameKeyAndSignOutEndsIt() throws Exception {
        SessionKey key = new SessionKey("the key every instance reads, 32b".getBytes());
        URI first = dashboards(key, false, 0, null);
        URI second = dashboards(new SessionKey("the key every instance reads, 32b".getBytes()), false, 0, null);
        URI otherKey = dashboards(SessionKey.random(), false, 0, null);
        HttpResponse<String> signIn = client.send(HttpRequest.newBuilder(first.resolve("/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=ana&password=" + PASSWORD.replace(' ', '+') + "&next=%2F")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(303);
        String issued = setCookie(signIn, Cookies.SESSION);
        assertThat(issued).contains("HttpOnly").containsIgnoringCase("SameSite=Lax").doesNotContain("Secure");
        String cookie = value(issued);

        running.remove(0).close(); // the first instance stops: its sessions live on at the second
        HttpResponse<String> me = get(second, "/api/v1/me", cookie);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(me.body()).path("username").asText()).isEqualTo("ana");
        assertThat(get(otherKey, "/api/v1/me", cookie).statusCode()).as("an instance with another key").isEqualTo(401);

        HttpResponse<String> signOut = client.send(HttpRequest.newBuilder(second.resolve("/logout")).header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signOut.statusCode()).isEqualTo(303);
        assertThat(setCookie(signOut, Cookies.SESSION)).startsWith(Cookies.SESSION + "=;").contains("Max-Age=0");
        assertThat(get(second, "/api/v1/me", cookie).statusCode()).as("the signed-out session, presented again").isEqualTo(401);

        URI secure = dashboards(key, true, 0, null);
        HttpResponse<String> overTls = client.send(HttpRequest.newBuilder(secure.resolve("/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=ana&password=" + PASSWORD.replace(' ', '+'))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(setCookie(overTls, Cookies.SESSION)).contains("Secure");
    }

    @Test
    void signingInThroughTheProviderStartsASessionWithTheRoleOfItsGroups() throws Exception {
        MockOAuth2Server provider = new MockOAuth2Server();
        provider.start(InetAddress.getLoopbackAddress(), 0);
        running.add(provider::shutdown);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String redirect = "http://127.0.0.1:" + port + "/login/oidc/callback";
        OidcConfig config = new OidcConfig(provider.issuerUrl("acme").toString(), "dashboards", null, "email", "groups");
        SessionKey key = SessionKey.random();
        OidcSignIn signIn = new OidcSignIn(new DiscoveredProvider(config, null, redirect), TokenVerifier.of(config, Clock.systemUTC()), redirect,
                List.of("openid", "email"), Map.of("countersign-auditors", Role.AUDITOR), key, Clock.systemUTC());
        URI base = dashboards(key, false, port, signIn);

        HttpResponse<String> page = get(base, "/login?next=%2F%23%2Fagents", null);
        assertThat(page.body()).contains("Sign in with Acme SSO").contains("href=\"/login/oidc?next=%2F%23%2Fagents\"").contains("id=\"username\"");

        assertThat(callback(provider, base, List.of("staff", "countersign-auditors")).statusCode()).isEqualTo(303);
        HttpResponse<String> back = callback(provider, base, List.of("staff", "countersign-auditors"));
        assertThat(back.headers().firstValue("Location")).contains("/#/agents");
        assertThat(setCookie(back, Cookies.ATTEMPT)).as("the attempt is over").contains("Max-Age=0");
        JsonNode me = JSON.readTree(get(base, "/api/v1/me", value(setCookie(back, Cookies.SESSION))).body());
        assertThat(me.path("username").asText()).isEqualTo("alice@example.com");
        assertThat(me.path("roles").toString()).isEqualTo("[\"auditor\"]");

        HttpResponse<String> noRole = callback(provider, base, List.of("staff"));
        assertThat(noRole.statusCode()).isEqualTo(403);
        assertThat(noRole.body()).contains("none of your groups there grants a role").contains("countersign-auditors");
        assertThat(noRole.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(Cookies.SESSION + "=") && !c.startsWith(Cookies.SESSION + "=;"));

        HttpResponse<String> noAttempt = get(base, "/login/oidc/callback?state=x&code=y", null);
        assertThat(noAttempt.statusCode()).isEqualTo(400);
        assertThat(noAttempt.body()).contains("Sign-in refused").contains("no sign-in was started in this browser");
    }

    /** Starts a sign-in, lets the provider sign alice in with {@code groups}, and comes back with the attempt cookie. */
    private HttpResponse<String> callback(MockOAuth2Server provider, URI base, List<String> groups) throws Exception {
        HttpResponse<String> out = get(base, "/login/oidc?next=%2F%23%2Fagents", null);
        assertThat(out.statusCode()).isEqualTo(303);
        String attempt = setCookie(out, Cookies.ATTEMPT);
        assertThat(attempt).contains("Path=/login/oidc").contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("acme", "00u-alice", "JWT", List.of("dashboards"),
                Map.of("email", "alice@example.com", "groups", groups), 600));
        HttpResponse<String> atProvider = client.send(HttpRequest.newBuilder(URI.create(out.headers().firstValue("Location").orElseThrow())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(atProvider.statusCode()).isEqualTo(302);
        URI callback = URI.create(atProvider.headers().firstValue("Location").orElseThrow());
        return get(base, callback.getRawPath() + "?" + callback.getRawQuery(), value(attempt));
    }
}
