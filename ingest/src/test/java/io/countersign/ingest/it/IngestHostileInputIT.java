package io.countersign.ingest.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.ingest.IngestConfig;
import io.countersign.ingest.IngestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.countersign.ingest.it.GatewayFixture.AGENT_KEY;
import static io.countersign.ingest.it.GatewayFixture.LINEAGE_KEY;
import static io.countersign.ingest.it.GatewayFixture.STEWARD_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every class of bad input gets its status code and a message that names the problem, nothing of it
 * reaches Kafka, and thousands of random and mutated bodies never make the gateway answer 5xx or stop.
 */
@WithCountersignStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestHostileInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALID = IngestGatewayIT.intent("db.read", "pg://web/pages", false, null);
    private GatewayFixture fixture;
    private URI url;

    @BeforeAll
    void start(Endpoints endpoints) throws Exception {
        fixture = new GatewayFixture(endpoints);
        IngestGateway gateway = fixture.gateway(0, IngestConfig.DEFAULTS.withRate(1_000_000, 1_000_000));
        url = gateway.url();
    }

    @AfterAll
    void stop() throws Exception {
        fixture.close();
    }

    /** One bad request and what the gateway must answer. */
    record Case(String name, String method, String path, String key, String contentType, byte[] body, int status, String error, String field) {
        static Case post(String name, String body, int status, String error, String field) {
            return new Case(name, "POST", "/v1/intents", AGENT_KEY, "application/json", body.getBytes(StandardCharsets.UTF_8), status, error, field);
        }
    }

    @Test
    void everyBadInputClassGetsItsStatusAndMessageAndNothingReachesKafka() throws Exception {
        List<Case> cases = List.of(
                new Case("no key", "POST", "/v1/intents", null, "application/json", VALID.getBytes(), 401, "unauthenticated", null),
                new Case("wrong key", "POST", "/v1/intents", "cs_wrong", "application/json", VALID.getBytes(), 401, "unauthenticated", null),
                new Case("steward submits", "POST", "/v1/intents", STEWARD_KEY, "application/json", VALID.getBytes(), 403, "forbidden", null),
                new Case("agent declares labels", "PUT", "/v1/datasets/pg%3A%2F%2Fa/labels", AGENT_KEY, "application/json",
                        "{\"labels\": [\"PII\"]}".getBytes(), 403, "forbidden", null),
                new Case("not json", "POST", "/v1/intents", AGENT_KEY, "text/plain", VALID.getBytes(), 415, "unsupported_media_type", null),
                new Case("too large", "POST", "/v1/intents", AGENT_KEY, "application/json", new byte[(1 << 20) + 10], 413, "body_too_large", null),
                new Case("invalid utf-8", "POST", "/v1/intents", AGENT_KEY, "application/json",
                        new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'}, 400, "invalid_request", null),
                Case.post("malformed", "{\"action\": ", 400, "invalid_request", null),
                Case.post("unknown field", VALID.replace("{", "{\"colour\": \"red\", "), 400, "invalid_request", "colour"),
                Case.post("claims an agent", VALID.replace("{", "{\"agent\": \"agent:root\", "), 400, "invalid_request", "agent"),
                Case.post("missing action", VALID.replace("\"action\": \"db.read\", ", ""), 400, "invalid_request", "action"),
                Case.post("bad target", VALID.replace("pg://web/pages", "not a uri"), 400, "invalid_request", "targets[0]"),
                Case.post("number for string", VALID.replace("\"db.read\"", "7"), 400, "invalid_request", "action"),
                new Case("unknown path", "GET", "/v2/things", AGENT_KEY, null, null, 404, "not_found", null),
                new Case("wrong method", "DELETE", "/v1/intents", AGENT_KEY, null, null, 405, "method_not_allowed", null),
                new Case("bad wait", "GET", "/v1/intents/x?wait=forever", AGENT_KEY, null, null, 400, "invalid_request", "wait"),
                new Case("bad lineage", "POST", "/api/v1/lineage", LINEAGE_KEY, "application/json", "{\"eventType\": \"START\"}".getBytes(),
                        400, "invalid_request", null));
        long intents = fixture.count(Topics.INTENTS.name());
        long labels = fixture.count(Topics.LABELS_DECLARED.name());
        long lineage = fixture.count(Topics.LINEAGE.name());
        for (Case c : cases) {
            // A connection of its own per case: a refused upload may end its connection, and the JDK
            // client does not retry a POST on a pooled connection the server has closed.
            HttpResponse<String> r = send(c, HttpClient.newHttpClient());
            assertThat(r.statusCode()).as(c.name() + ": " + r.body()).isEqualTo(c.status());
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("error").asText()).as(c.name()).isEqualTo(c.error());
            assertThat(body.get("message").asText()).as(c.name()).isNotBlank().doesNotContain("Exception").doesNotContain("at io.");
            assertThat(body.get("requestId").asText()).as(c.name()).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
            if (c.field() != null) {
                assertThat(body.get("field").asText()).as(c.name()).isEqualTo(c.field());
            }
        }
        assertThat(fixture.count(Topics.INTENTS.name())).isEqualTo(intents);
        assertThat(fixture.count(Topics.LABELS_DECLARED.name())).isEqualTo(labels);
        assertThat(fixture.count(Topics.LINEAGE.name())).isEqualTo(lineage);
    }

    @Test
    void theRateLimitAnswers429WithRetryAfter() throws Exception {
        IngestGateway limited = fixture.gateway(0, IngestConfig.DEFAULTS.withRate(0.5, 2));
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> last = null;
        for (int i = 0; i < 3; i++) {
            last = fixture.get(limited.url(), "/v1/intents/unknown-id", AGENT_KEY);
            statuses.add(last.statusCode());
        }
        assertThat(statuses).containsExactly(404, 404, 429);
        assertThat(last.headers().firstValue("Retry-After")).contains("2");
    }

    @Test
    void thousandsOfRandomAndMutatedBodiesNeverGet5xx() throws Exception {
        Random random = new Random(20261123);
        byte[] seed = VALID.getBytes(StandardCharsets.UTF_8);
        Map<Integer, Integer> seen = new java.util.TreeMap<>();
        for (int i = 0; i < 10_000; i++) {
            byte[] body = switch (i % 4) {
                case 0 -> mutate(seed, random);
                case 1 -> randomBytes(random);
                case 2 -> randomJson(random).getBytes(StandardCharsets.UTF_8);
                default -> mutate(randomJson(random).getBytes(StandardCharsets.UTF_8), random);
            };
            String path = i % 10 == 9 ? "/api/v1/lineage" : "/v1/intents";
            HttpResponse<String> r = send(new Case("fuzz", "POST", path, i % 10 == 9 ? LINEAGE_KEY : AGENT_KEY, "application/json", body, 0, null, null));
            assertThat(r.statusCode()).as("body %d", i).isBetween(200, 499);
            seen.merge(r.statusCode(), 1, Integer::sum);
        }
        assertThat(seen).containsKey(400);
        assertThat(fixture.get(url, "/healthz", null).statusCode()).isEqualTo(200);
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(3)) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> b = java.util.Arrays.copyOf(b, Math.max(1, at));
                default -> {
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    String punctuation = "{}[]\",:\\0n-";
                    longer[at] = (byte) punctuation.charAt(random.nextInt(punctuation.length()));
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                }
            }
        }
        return b;
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(200)];
        random.nextBytes(b);
        return b;
    }

    private static String randomJson(Random random) {
        String[] fields = {"action", "principal", "targets", "destination", "parameters", "reason", "environment", "delegationChain",
                "idempotencyKey", "eventTime", "run", "job", "inputs", "outputs", "producer", "schemaURL"};
        String[] values = {"\"db.read\"", "\"user:a@b.c\"", "[\"pg://x\"]", "[]", "{}", "null", "1e400", "-0", "true",
                "\"" + "x".repeat(random.nextInt(10_000)) + "\"", "{\"uri\": 5}", "[[[[[]]]]]", "\"\\u0000\"", "\"\\ud800\""};
        StringBuilder sb = new StringBuilder("{");
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(fields[random.nextInt(fields.length)]).append("\":")
                    .append(values[random.nextInt(values.length)]);
        }
        return sb.append('}').toString();
    }

    private HttpResponse<String> send(Case c) throws Exception {
        return send(c, fixture.http);
    }

    private HttpResponse<String> send(Case c, HttpClient client) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url.resolve(c.path())).timeout(Duration.ofSeconds(30))
                .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.key() != null) {
            b.header("Authorization", "Bearer " + c.key());
        }
        if (c.contentType() != null) {
            b.header("Content-Type", c.contentType());
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
