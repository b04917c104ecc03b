package io.countersign.dashboards.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.dashboards.application.port.out.StepUpApprovals;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link StepUpApprovals} over HTTP against the ingest gateway's {@code /v1/step-up}. The ID token is sent
 * in the body of one POST and kept nowhere; nothing here is logged.
 */
public final class IngestStepUp implements StepUpApprovals {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code approvalApiUrl}: the gateway's base URL, e.g. http://127.0.0.1:8088/. */
    public IngestStepUp(String approvalApiUrl) {
        this.base = URI.create(approvalApiUrl.endsWith("/") ? approvalApiUrl : approvalApiUrl + "/");
    }

    @Override
    public Answer view(String link) throws IOException {
        return send(HttpRequest.newBuilder(base.resolve("v1/step-up?link=" + URLEncoder.encode(link, StandardCharsets.UTF_8))).GET());
    }

    @Override
    public Answer approve(String link, String idToken, String reason) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("link", link);
        body.put("idToken", idToken);
        body.put("reason", reason == null || reason.isBlank() ? null : reason);
        return send(HttpRequest.newBuilder(base.resolve("v1/step-up")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    private Answer send(HttpRequest.Builder request) throws IOException {
        try {
            HttpResponse<byte[]> r = http.send(request.timeout(Duration.ofSeconds(15)).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body;
            try {
                body = JSON.readTree(r.body());
            } catch (IOException e) {
                throw new IOException("the approval API answered HTTP " + r.statusCode() + " without JSON");
            }
            return new Answer(r.statusCode(), body == null ? JSON.createObjectNode() : body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling the approval API");
        }
    }
}
