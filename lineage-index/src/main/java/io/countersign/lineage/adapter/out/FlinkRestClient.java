package io.countersign.lineage.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The few calls of Flink's REST API (the JobManager's web endpoint, {@code rest.port}, 8081 by default)
 * that submitting a job jar to a session cluster needs: list jobs, upload a jar, run it, read a job's
 * state. JDK HTTP client and JSON only, so the CLI needs no Flink client on its class path for it.
 * Errors name the endpoint and say what to do; Flink's own error text is cut to its first line.
 */
public final class FlinkRestClient {

    /** One job as {@code /jobs/overview} lists it. */
    public record Job(String id, String name, String state) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    public FlinkRestClient(URI restUrl, Duration timeout) {
        String s = restUrl.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public URI url() {
        return base;
    }

    /** Every job the cluster knows (running and recently finished), from {@code GET /jobs/overview}. */
    public List<Job> jobs() throws IOException {
        JsonNode body = send(HttpRequest.newBuilder(base.resolve("jobs/overview")).GET(), "list jobs");
        List<Job> out = new ArrayList<>();
        for (JsonNode j : body.path("jobs")) {
            out.add(new Job(j.path("jid").asText(), j.path("name").asText(), j.path("state").asText()));
        }
        return out;
    }

    /** A job's current state ({@code CREATED}, {@code RUNNING}, {@code FAILED}, ...), from {@code GET /jobs/:jobid}. */
    public String state(String jobId) throws IOException {
        return send(HttpRequest.newBuilder(base.resolve("jobs/" + jobId)).GET(), "read job " + jobId).path("state").asText();
    }

    /** The root cause of a failed job, first line, if Flink recorded one ({@code GET /jobs/:jobid/exceptions}). */
    public Optional<String> rootException(String jobId) throws IOException {
        JsonNode body = send(HttpRequest.newBuilder(base.resolve("jobs/" + jobId + "/exceptions")).GET(), "read job exceptions");
        String text = body.path("root-exception").asText("");
        return text.isBlank() ? Optional.empty() : Optional.of(firstLine(text));
    }

    /** Uploads a job jar ({@code POST /jars/upload}, multipart field {@code jarfile}); returns the jar id {@code run} takes. */
    public String upload(Path jar) throws IOException {
        String boundary = "countersign-" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName()
                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n";
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8),
                HttpRequest.BodyPublishers.ofFile(jar),
                HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n", StandardCharsets.UTF_8));
        JsonNode reply = send(HttpRequest.newBuilder(base.resolve("jars/upload")).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(body), "upload " + jar.getFileName());
        // Flink answers with the path it stored the jar under; its last segment is the jar id.
        String stored = reply.path("filename").asText("");
        if (stored.isBlank()) {
            throw new IOException("Flink accepted the upload but named no jar (" + reply + ")");
        }
        return Path.of(stored).getFileName().toString();
    }

    /**
     * Runs an uploaded jar's {@code entryClass} with {@code args} ({@code POST /jars/:jarid/run}); the job's
     * {@code main} runs in the JobManager. Optionally from a savepoint. Returns the new job's id.
     */
    public String run(String jarId, String entryClass, List<String> args, String savepointPath, boolean allowNonRestoredState) throws IOException {
        ObjectNode request = JSON.createObjectNode();
        request.put("entryClass", entryClass);
        request.set("programArgsList", JSON.valueToTree(args));
        if (savepointPath != null) {
            request.put("savepointPath", savepointPath);
            request.put("allowNonRestoredState", allowNonRestoredState);
        }
        JsonNode reply = send(HttpRequest.newBuilder(base.resolve("jars/" + jarId + "/run")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())), "run " + entryClass);
        return reply.path("jobid").asText();
    }

    /** Removes an uploaded jar ({@code DELETE /jars/:jarid}): once the job runs, its classes are in the blob store. */
    public void delete(String jarId) throws IOException {
        send(HttpRequest.newBuilder(base.resolve("jars/" + jarId)).DELETE(), "delete jar " + jarId);
    }

    private JsonNode send(HttpRequest.Builder request, String what) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpTimeoutException e) {
            throw new IOException("Flink's REST API at " + base + " is unreachable (" + e.getClass().getSimpleName()
                    + "): start the Flink cluster (JobManager) or pass --rest-url with its rest.address:rest.port", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking Flink to " + what, e);
        }
        JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : parse(response.body());
        if (response.statusCode() / 100 != 2) {
            JsonNode errors = body.path("errors");
            // Flink wraps server-side exceptions as "<Exception on server side:\n<class>: <message>...": the second line says what happened.
            String reason = errors.isArray() && !errors.isEmpty() ? reason(errors.get(errors.size() - 1).asText()) : firstLine(response.body());
            throw new IOException("Flink could not " + what + " (HTTP " + response.statusCode() + " from " + base + "): " + reason);
        }
        return body;
    }

    private JsonNode parse(String body) throws IOException {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IOException("the answer from " + base + " is not JSON: is --rest-url Flink's REST endpoint? (" + firstLine(body) + ")", e);
        }
    }

    /** The exception's own line and, when it wraps others, its root cause: "Could not execute application." alone helps nobody. */
    private static String reason(String error) {
        String first = firstLine(error);
        String root = error.lines().map(String::strip).filter(l -> l.startsWith("Caused by: ")).reduce((x, y) -> y).orElse(null);
        return root == null ? first : first + " Root cause: " + root.substring("Caused by: ".length());
    }

    private static String firstLine(String text) {
        return text.strip().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("<Exception on server side"))
                .findFirst().orElse(text.strip());
    }
}
