package io.countersign.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The two index calls the lineage questions make: a search and a get by id, any non-2xx an IOException. */
final class SearchCalls {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SearchCalls() {
    }

    static JsonNode search(OpenSearchClient client, String index, Map<String, Object> query) throws IOException {
        try (Response r = client.generic().execute(Requests.builder().method("POST").endpoint("/" + index + "/_search")
                .json(JSON.writeValueAsString(query)).build())) {
            return body(r);
        }
    }

    /** The document {@code id} of {@code index}; an empty object when there is none. */
    static JsonNode get(OpenSearchClient client, String index, String id) throws IOException {
        try (Response r = client.generic().execute(Requests.builder().method("GET")
                .endpoint("/" + index + "/_doc/" + URLEncoder.encode(id, StandardCharsets.UTF_8)).build())) {
            return r.getStatus() == 404 ? JSON.createObjectNode() : body(r);
        }
    }

    private static JsonNode body(Response r) throws IOException {
        if (r.getStatus() >= 300) {
            throw new IOException("OpenSearch answered HTTP " + r.getStatus() + " to a lineage query");
        }
        return JSON.readTree(r.getBody().orElseThrow().bodyAsBytes());
    }
}
