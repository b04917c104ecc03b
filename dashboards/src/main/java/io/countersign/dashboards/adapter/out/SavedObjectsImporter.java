package io.countersign.dashboards.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Loads Countersign's OpenSearch Dashboards saved objects (index patterns first, then the searches,
 * visualisations and dashboards that reference them) through the Dashboards saved objects import API,
 * {@code POST /api/saved_objects/_import?overwrite=true}, one file at a time, so a new version of the
 * objects replaces the old one. Reports each object the API refused with its reason.
 */
public final class SavedObjectsImporter {

    /** The files, in dependency order; each line is one saved object. */
    public static final List<String> FILES = List.of("index-patterns.ndjson", "audit-search.ndjson", "intent-timeline.ndjson",
            "datasets.ndjson", "agents.ndjson", "approvals.ndjson");

    public record Result(int loaded, List<String> errors) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public SavedObjectsImporter(URI base) {
        this.base = base;
    }

    public Result importAll(Consumer<String> progress) throws IOException, InterruptedException {
        int loaded = 0;
        List<String> errors = new ArrayList<>();
        for (String file : FILES) {
            byte[] ndjson = read(file);
            String boundary = "countersign-" + UUID.randomUUID();
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/saved_objects/_import?overwrite=true"))
                    .header("osd-xsrf", "true")
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, file, ndjson))).build();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IOException("OpenSearch Dashboards at " + base + " cannot be reached (" + e.getMessage()
                        + "); is it running? With docker compose: http://127.0.0.1:5601", e);
            }
            if (response.statusCode() != 200) {
                throw new IOException("OpenSearch Dashboards refused " + file + " with HTTP " + response.statusCode() + ": " + abbreviate(response.body()));
            }
            JsonNode body = JSON.readTree(response.body());
            loaded += body.path("successCount").asInt();
            for (JsonNode e : body.path("errors")) {
                errors.add(file + ": " + e.path("type").asText() + " " + e.path("id").asText() + ": " + e.path("error").path("type").asText()
                        + (e.path("error").has("message") ? " (" + e.path("error").path("message").asText() + ")" : ""));
            }
            progress.accept(file + ": " + body.path("successCount").asInt() + " objects");
        }
        return new Result(loaded, errors);
    }

    static byte[] read(String file) throws IOException {
        try (InputStream in = SavedObjectsImporter.class.getResourceAsStream("/opensearch-dashboards/" + file)) {
            if (in == null) {
                throw new IOException("saved objects file " + file + " is missing from the build");
            }
            return in.readAllBytes();
        }
    }

    private static byte[] multipart(String boundary, String fileName, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: application/ndjson\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(content);
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
