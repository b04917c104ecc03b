package io.countersign.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Every intent document of {@code countersign-audit} that was classified (it has an {@code effect}) and received in
 * [from, to), oldest first, read page by page with {@code search_after} (sorted by {@code receivedAt}, then
 * {@code intentId}, so a page boundary never skips or repeats a document), lazily: a long period is never held in
 * memory. For the policy replay from the index ({@code countersign policy replay --index}, the dashboards' Policy page).
 * An index that does not exist yet reads as empty. Reads only.
 */
public final class AuditIndexScan implements Iterator<JsonNode> {

    static final int PAGE = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenSearchClient client;
    private final Instant from;
    private final Instant to;
    private final Deque<JsonNode> page = new ArrayDeque<>();
    private List<Object> after;
    private boolean exhausted;

    private AuditIndexScan(OpenSearchClient client, Instant from, Instant to) {
        this.client = client;
        this.from = from;
        this.to = to;
    }

    /** The classified intents received in [{@code from}, {@code to}); each element is the document's {@code _source}. */
    public static Iterator<JsonNode> classified(OpenSearchClient client, Instant from, Instant to) {
        return new AuditIndexScan(client, from, to);
    }

    @Override
    public boolean hasNext() {
        if (page.isEmpty() && !exhausted) {
            fetch();
        }
        return !page.isEmpty();
    }

    @Override
    public JsonNode next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.removeFirst();
    }

    private void fetch() {
        Map<String, Object> range = Map.of("range", Map.of("receivedAt", Map.of("gte", from.toString(), "lt", to.toString())));
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("size", PAGE);
        body.put("query", Map.of("bool", Map.of("filter", List.of(range, Map.of("exists", Map.of("field", "effect"))))));
        body.put("sort", List.of(Map.of("receivedAt", "asc"), Map.of("intentId", "asc")));
        if (after != null) {
            body.put("search_after", after);
        }
        try (Response r = client.generic().execute(Requests.builder().method("POST").endpoint("/" + Indices.AUDIT + "/_search")
                .json(JSON.writeValueAsString(body)).build())) {
            if (r.getStatus() == 404) {
                exhausted = true;
                return;
            }
            if (r.getStatus() >= 300) {
                throw new IOException("OpenSearch answered HTTP " + r.getStatus() + " to a scan of " + Indices.AUDIT);
            }
            JsonNode hits = JSON.readTree(r.getBody().orElseThrow().bodyAsBytes()).path("hits").path("hits");
            for (JsonNode hit : hits) {
                page.add(hit.path("_source"));
                after = JSON.convertValue(hit.path("sort"), List.class);
            }
            exhausted = hits.size() < PAGE;
        } catch (IOException e) {
            throw new UncheckedIOException("OpenSearch could not be read for the audit index " + Indices.AUDIT, e);
        }
    }
}
