package io.countersign.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test fixture: a loopback fake of OpenSearch holding the audit index ({@code countersign-audit}) for
 * {@code countersign policy replay --index}, so a replay runs without Kafka or an OpenSearch node. It answers the
 * replay's scan ({@code POST /countersign-audit/_search}) a page at a time as OpenSearch would: at most the
 * {@code size} asked for, after the {@code search_after} position, each hit with its {@code sort} values. The
 * documents are those {@link #classifiedExport} added, in that order; the query's period is not applied, so a test
 * adds only documents of the period it replays.
 */
final class FakeAuditIndex implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<ObjectNode> documents = new CopyOnWriteArrayList<>();

    FakeAuditIndex() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/countersign-audit/_search", exchange -> {
            byte[] body = page(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /**
     * Adds an export by agent:etl of {@code pg://crm/t}, labelled {@code label} when it was classified, that the policy
     * in force then gave {@code effect} by {@code rules}: the fields lineage-index writes that a replay reads.
     */
    FakeAuditIndex classifiedExport(String intentId, Instant receivedAt, String label, String effect, List<String> rules) {
        ObjectNode doc = JSON.createObjectNode().put("intentId", intentId).put("agent", "agent:etl").put("principal", "user:alice@example.com")
                .put("action", "db.export").put("environment", "prod").put("receivedAt", receivedAt.toString()).put("effect", effect)
                .put("policyVersion", "v0");
        doc.putArray("targets").add("pg://crm/t");
        doc.putArray("datasets").addObject().put("dataset", "pg://crm/t").putArray("labels").add(label);
        ArrayNode r = doc.putArray("rules");
        rules.forEach(r::add);
        documents.add(doc);
        return this;
    }

    /** The address to pass as {@code --index}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The hits after {@code search_after} (the position of the last hit returned: its index here), at most {@code size}. */
    private byte[] page(JsonNode request) throws IOException {
        int from = request.has("search_after") ? request.path("search_after").get(0).asInt() + 1 : 0;
        int size = request.path("size").asInt(10);
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode hits = answer.putObject("hits").putArray("hits");
        for (int i = from; i < Math.min(documents.size(), from + size); i++) {
            ObjectNode hit = hits.addObject().put("_index", "countersign-audit").put("_id", documents.get(i).path("intentId").asText());
            hit.set("_source", documents.get(i));
            hit.putArray("sort").add(i);
        }
        return JSON.writeValueAsString(answer).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
