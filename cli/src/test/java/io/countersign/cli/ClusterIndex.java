package io.countersign.cli;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.schema.EdgeOrigin;
import io.countersign.schema.LineageEdge;
import io.countersign.sdk.Countersign;
import io.countersign.sdk.Intent;
import io.countersign.sdk.IntentHandle;
import io.countersign.sdk.Status;
import io.countersign.search.LineageQueries;
import io.countersign.search.OpenSearchClients;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Test fixture: what a fault run checks in OpenSearch and in the lineage path after the faults: one audit
 * document per intent, and label propagation (a label a steward declares reaches a dataset three hops
 * down, through the lineage-index job on Flink, and the pipeline decides differently on it).
 */
final class ClusterIndex {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");

    private ClusterIndex() {
    }

    /** Waits until {@code countersign-audit} holds {@code intents} documents, each with its verdict; returns the count. */
    static long awaitOneDocumentPerIntent(LocalDeployment d, int intents) throws Exception {
        URI count = URI.create(d.openSearch.url() + "/countersign-audit/_count");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .until(() -> count(count, "{\"query\": {\"exists\": {\"field\": \"outcome\"}}}") >= intents);
        long withVerdict = count(count, "{\"query\": {\"exists\": {\"field\": \"outcome\"}}}");
        long total = count(count, "{\"query\": {\"match_all\": {}}}");
        // The document id is the intent id, so a second document for an intent cannot exist; equal counts show
        // none is missing and none is extra.
        assertThat(total).as("documents in countersign-audit").isEqualTo(intents);
        assertThat(withVerdict).as("documents with their verdict").isEqualTo(intents);
        return total;
    }

    /** Waits until the intent's document in {@code countersign-audit} has its verdict (the job indexes again). */
    static void awaitIndexed(LocalDeployment d, String intentId) {
        URI doc = URI.create(d.openSearch.url() + "/countersign-audit/_doc/" + URLEncoder.encode(intentId, StandardCharsets.UTF_8));
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(doc).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"outcome\"");
        });
    }

    /** Returns a line for the report: how long the label took to reach the dataset and change the decision. */
    static String aLabelDeclaredAfterTheFaultsChangesADecisionThreeHopsDown(LocalDeployment d, String run) throws Exception {
        String a = "pg://crm/customers-" + run;
        String b = "s3://lake/raw-" + run;
        String c = "s3://lake/clean-" + run;
        String dataset = "s3://marts/churn-" + run;
        produceEdges(d, a, b, c, dataset);
        URI gateway = d.gatewayUrls().get(1);
        try (Countersign agent = Countersign.connect(gateway, d.agentKey)) {
            assertThat(agent.submit(read(dataset)).awaitVerdict(Duration.ofMinutes(1)).isAllowed()).as("before the label").isTrue();
            long declared = System.nanoTime();
            HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/v1/datasets/"
                            + URLEncoder.encode(a, StandardCharsets.UTF_8) + "/labels")).header("Authorization", "Bearer " + d.stewardKey)
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"labels\": [\"PII\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isBetween(200, 204);
            LineageQueries queries = new LineageQueries(OpenSearchClients.create(d.openSearch.url()));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> queries.why(dataset, "PII").isPresent());
            assertThat(queries.why(dataset, "PII").orElseThrow().path()).containsExactly(a, b, c, dataset);
            long indexed = System.nanoTime();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> decidedOn(agent.submit(read(dataset))));
            long changed = System.nanoTime();
            return "PII declared on %s reached %s (3 hops) in the index after %d ms; the pipeline sent a read of it to review %d ms later"
                    .formatted(a, dataset, (indexed - declared) / 1_000_000, (changed - indexed) / 1_000_000);
        }
    }

    /** True when this read went to review (the label arrived), false when it was still allowed. */
    private static boolean decidedOn(IntentHandle h) throws InterruptedException {
        for (int i = 0; i < 60; i++) {
            Status s = h.status();
            if (s == Status.PENDING_REVIEW) {
                return true;
            }
            if (s != Status.PENDING) {
                return false;
            }
            Thread.sleep(250);
        }
        return false;
    }

    private static Intent read(String dataset) {
        return Intent.action("db.read").principal("user:alice@example.com").target(dataset).reason("cluster IT: propagation").build();
    }

    private static void produceEdges(LocalDeployment d, String... path) throws Exception {
        KafkaSettings kafka = new KafkaSettings(d.kafka.bootstrapServers(), Map.of());
        try (var producer = new KafkaProducer<>(kafka.clientProperties(Map.of(ProducerConfig.ACKS_CONFIG, "all")), new StringSerializer(),
                Topics.LINEAGE.valueSerde(new HttpSchemaRegistryClient(d.registry.url())).serializer())) {
            for (int i = 0; i + 1 < path.length; i++) {
                String id = "edge-" + path[i].hashCode() + "-" + i;
                producer.send(new ProducerRecord<>(Topics.LINEAGE.name(), id, LineageEdge.newBuilder().setEdgeId(id).setSource(path[i])
                        .setTarget(path[i + 1]).setOrigin(EdgeOrigin.OPENLINEAGE).setJob("job-" + i).setTransformation("IDENTITY")
                        .setObservedAt(Instant.now()).build())).get();
            }
        }
    }

    private static long count(URI uri, String query) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(query)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = COUNT.matcher(r.body());
        return r.statusCode() == 200 && m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
