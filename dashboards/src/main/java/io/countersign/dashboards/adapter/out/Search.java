package io.countersign.dashboards.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only calls to OpenSearch through opensearch-java's generic client: search with a JSON body, get
 * one document. The dashboards never index, update or delete. An index that does not exist yet reads
 * as empty, so a fresh installation shows empty pages rather than errors.
 */
public final class Search {

    static final ObjectMapper JSON = new ObjectMapper();
    private final OpenSearchClient client;

    public Search(OpenSearchClient client) {
        this.client = client;
    }

    public OpenSearchClient client() {
        return client;
    }

    public JsonNode search(String index, Map<String, Object> body) {
        try (Response r = client.generic().execute(Requests.builder().method("POST").endpoint("/" + index + "/_search")
                .json(JSON.writeValueAsString(body)).build())) {
            if (r.getStatus() == 404) {
                return JSON.createObjectNode();
            }
            return read(r, index);
        } catch (IOException e) {
            throw new UncheckedIOException("OpenSearch could not be reached for a search of " + index, e);
        }
    }

    public Optional<JsonNode> get(String index, String id) {
        try (Response r = client.generic().execute(Requests.builder().method("GET")
                .endpoint("/" + index + "/_doc/" + URLEncoder.encode(id, StandardCharsets.UTF_8)).build())) {
            if (r.getStatus() == 404) {
                return Optional.empty();
            }
            JsonNode doc = read(r, index);
            return doc.path("found").asBoolean() ? Optional.of(doc.path("_source")) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("OpenSearch could not be reached to read " + index, e);
        }
    }

    private static JsonNode read(Response r, String index) throws IOException {
        if (r.getStatus() >= 300) {
            throw new IOException("OpenSearch answered HTTP " + r.getStatus() + " for " + index);
        }
        return JSON.readTree(r.getBody().orElseThrow().bodyAsBytes());
    }
}
