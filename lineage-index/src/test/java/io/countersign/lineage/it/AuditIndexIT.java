package io.countersign.lineage.it;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.faults.FaultyLink;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.lineage.testing.DeadLetterTopic;
import io.countersign.lineage.testing.IndexStack;
import io.countersign.processors.StreamProcessors;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.ColumnLineage;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.DeadLetter;
import io.countersign.schema.EdgeOrigin;
import io.countersign.schema.IntentRefusal;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import io.countersign.schema.LineageEdge;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Requests;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lineage-index job in a Flink MiniCluster on the embedded stack: audit events written by the real
 * decision pipeline become one document per intent in the real OpenSearch node; lineage edges and
 * labels become edge and dataset documents; a job restart
 * mid-stream leaves exactly one document per intent; unreadable records and items OpenSearch refuses go
 * to the dead-letter topic while the rest are indexed.
 */
@WithCountersignStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditIndexIT {

    private static final String POLICY = """
            defaultEffect: allow
            rules:
              - id: no-prod-deletes
                condition: intent.action == 'db.delete' && env == 'prod'
                effect: deny
            """;

    private Endpoints endpoints;
    private KafkaSettings kafka;
    private SchemaRegistryClient registry;
    private OpenSearchClient openSearch;
    private StreamProcessors pipeline;

    @BeforeAll
    void start(Endpoints endpoints) throws Exception {
        this.endpoints = endpoints;
        IndexStack stack = IndexStack.provision(endpoints);
        kafka = stack.kafka();
        registry = stack.registry();
        openSearch = stack.search();
        pipeline = stack.pipeline().applicationId("countersign-index-it").start(POLICY);
    }

    @AfterAll
    void stop() {
        pipeline.close();
    }

    private JobClient startJob(String groupId) throws Exception {
        return IndexStack.startJob(endpoints, groupId);
    }

    private JobClient startJob(String groupId, String openSearchUrl) throws Exception {
        return IndexStack.startJob(endpoints, groupId, openSearchUrl);
    }

    private void submit(List<String> ids, String action) throws Exception {
        try (KafkaProducer<String, ActionIntent> p = new KafkaProducer<>(kafka.clientProperties(Map.of(ProducerConfig.ACKS_CONFIG, "all")),
                new StringSerializer(), Topics.INTENTS.valueSerde(registry).serializer())) {
            for (String id : ids) {
                p.send(new ProducerRecord<>(Topics.INTENTS.name(), id, ActionIntent.newBuilder().setIntentId(id).setOccurredAt(Instant.now())
                        .setAgent(AgentRef.newBuilder().setId("agent:indexer").setFramework("it").setOwner("user:olga@example.com").build())
                        .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:indexer"))
                        .setAction(action).setTargets(List.of("pg://web/pages")).setParameters(Map.of("email", "bob@example.com"))
                        .setEnvironment("prod").build()));
            }
        }
    }

    private long count(String index, String query) throws Exception {
        openSearch.generic().execute(Requests.builder().method("POST").endpoint("/" + index + "/_refresh").build()).close();
        try (var r = openSearch.generic().execute(Requests.builder().method("POST").endpoint("/" + index + "/_count").json(query).build())) {
            String body = new String(r.getBody().orElseThrow().bodyAsBytes(), StandardCharsets.UTF_8);
            return Long.parseLong(body.replaceAll(".*\"count\"\\s*:\\s*(\\d+).*", "$1"));
        }
    }

    private String get(String index, String id) throws Exception {
        try (var r = openSearch.generic().execute(Requests.builder().method("GET")
                .endpoint("/" + index + "/_doc/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8)).build())) {
            return r.getBody().map(b -> new String(b.bodyAsBytes(), StandardCharsets.UTF_8)).orElse("");
        }
    }

    private static String agentIs(String agentAction) {
        return "{\"query\": {\"term\": {\"action\": \"" + agentAction + "\"}}}";
    }

    @Test
    void openSearchDownForAWhileThenBackLosesAndDuplicatesNothing() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String action = "db.scan" + run.replaceAll("[^a-z]", "y").substring(0, 4);
        List<String> before = new ArrayList<>();
        List<String> during = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            before.add("down-" + run + "-a" + i);
        }
        for (int i = 0; i < 100; i++) {
            during.add("down-" + run + "-b" + i);
        }
        int port = java.net.URI.create(endpoints.openSearchUrl()).getPort();
        try (FaultyLink link = FaultyLink.to(port)) {
            JobClient job = startJob("index-down-" + run, "http://127.0.0.1:" + link.port());
            try {
                String allowed = "{\"query\": {\"bool\": {\"filter\": [{\"term\": {\"action\": \"" + action + "\"}}, {\"term\": {\"outcome\": \"ALLOWED\"}}]}}}";
                submit(before, action);
                await().atMost(Duration.ofSeconds(60)).until(() -> count("countersign-audit", allowed) == 50);
                link.cut();
                submit(during, action);
                // The pipeline decides them at once; the index cannot have them while OpenSearch is unreachable.
                await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> true);
                assertThat(count("countersign-audit", agentIs(action))).as("nothing indexed while down").isEqualTo(50);
                link.restore();
                await().atMost(Duration.ofSeconds(120)).until(() -> count("countersign-audit", allowed) == 150);
                assertThat(count("countersign-audit", agentIs(action))).as("exactly one document per intent").isEqualTo(150);
                assertThat(count("countersign-audit-events", "{\"query\": {\"prefix\": {\"intentId\": \"down-" + run + "\"}}}"))
                        .as("every chained record once: received, classified, verdict").isEqualTo(150 * 3);
                assertThat(job.getJobStatus().get()).as("the job rode out the outage").isEqualTo(org.apache.flink.api.common.JobStatus.RUNNING);
            } finally {
                job.cancel().get();
            }
        }
    }

    @Test
    void auditEventsBecomeOneDocumentPerIntentAcrossARestart() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String action = "db.read" + run.replaceAll("[^a-z]", "x").substring(0, 4);
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            first.add("idx-" + run + "-a" + i);
            second.add("idx-" + run + "-b" + i);
        }
        JobClient job = startJob("index-it-" + run);
        submit(first, action);
        await().atMost(Duration.ofSeconds(60)).until(() -> count("countersign-audit", agentIs(action)) >= 1);
        job.cancel().get();
        submit(second, action);
        JobClient again = startJob("index-it-" + run);
        try {
            String allowed = "{\"query\": {\"bool\": {\"filter\": [{\"term\": {\"action\": \"" + action + "\"}}, {\"term\": {\"outcome\": \"ALLOWED\"}}]}}}";
            await().atMost(Duration.ofSeconds(90)).until(() -> count("countersign-audit", allowed) == 100);
            assertThat(count("countersign-audit", agentIs(action))).as("exactly one document per intent").isEqualTo(100);
            String doc = get("countersign-audit", first.get(0));
            assertThat(doc).contains("\"agent\":\"agent:indexer\"", "\"principal\":\"user:alice@example.com\"", "\"outcome\":\"ALLOWED\"",
                    "\"decidedBy\":\"POLICY\"").doesNotContain("bob@example.com");
            assertThat(count("countersign-audit-events", "{\"query\": {\"term\": {\"intentId\": \"" + first.get(0) + "\"}}}"))
                    .as("received, classified, verdict").isEqualTo(3);
        } finally {
            again.cancel().get();
        }
    }

    @Test
    void anIntentRefusedAtTheGatewayIsChainedAndFoundByItsOutcomeAndReason() throws Exception {
        String id = "refused-" + UUID.randomUUID();
        produce(Topics.INTENTS_REFUSED, id, IntentRefusal.newBuilder().setIntentId(id).setRefusedAt(Instant.now())
                .setAgent(AgentRef.newBuilder().setId("agent:indexer").setOwner("user:olga@example.com").build()).setKeyId("key-indexer")
                .setPrincipal("user:bob@example.com").setAction("db.export").setTargets(List.of("pg://crm/customers")).setEnvironment("prod")
                .setError("principal_not_allowed").setReason("principal not allowed for this key").build());
        JobClient job = startJob("index-it-refused-" + id);
        try {
            // The intent's document, under the strict mapping, as the dashboards search it: outcome facet and reason text.
            String refused = "{\"query\": {\"bool\": {\"filter\": [{\"term\": {\"intentId\": \"" + id + "\"}},"
                    + " {\"term\": {\"outcome\": \"REFUSED\"}}, {\"term\": {\"principal\": \"user:bob@example.com\"}},"
                    + " {\"term\": {\"refusal.error\": \"principal_not_allowed\"}}],"
                    + " \"must\": [{\"match\": {\"verdictMessage\": \"not allowed\"}}]}}}";
            String chained = "{\"query\": {\"bool\": {\"filter\": [{\"term\": {\"intentId\": \"" + id + "\"}},"
                    + " {\"term\": {\"eventType\": \"REFUSED_AT_GATEWAY\"}}], \"must\": [{\"match\": {\"note\": \"principal_not_allowed\"}}]}}}";
            // The intent's document and its event's are two bulk items; the job reads the audit topic from the start and
            // flushes every 500 items, so the two can land in different bulks. Each is awaited (CI once saw one without the other).
            await().atMost(Duration.ofSeconds(60)).until(() -> count("countersign-audit", refused) == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> count("countersign-audit-events", chained) >= 1);
            assertThat(count("countersign-audit-events", chained)).as("the chained record, with its reason, once").isEqualTo(1);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void lineageEdgesAndLabelsAreIndexedWithFirstAndLastSeenAndProvenance() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String source = "pg://crm/customers-" + run;
        String target = "s3://lake/churn-" + run;
        Instant first = Instant.parse("2026-11-20T10:00:00Z");
        LineageEdge edge = LineageEdge.newBuilder().setEdgeId("edge-" + run).setSource(source).setTarget(target)
                .setOrigin(EdgeOrigin.OPENLINEAGE).setJob("dbt/nightly_export").setTransformation("IDENTITY")
                .setColumns(List.of(ColumnLineage.newBuilder().setOutputField("email_hash").setInputDataset(source).setInputField("email")
                        .setTransformationType("DIRECT").setTransformationSubtype("TRANSFORMATION").setMasking(true).build()))
                .setObservedAt(first).build();
        produce(Topics.LINEAGE, edge.getEdgeId(), edge);
        produce(Topics.LINEAGE, edge.getEdgeId(), LineageEdge.newBuilder(edge).setObservedAt(first.plusSeconds(3600)).build());
        produce(Topics.LABELS_DECLARED, source, DatasetLabels.newBuilder().setDataset(source).setOwners(List.of("user:carol@example.com"))
                .setLabels(List.of(LabelEntry.newBuilder().setLabel("PII").setSource(LabelSource.DECLARED).build()))
                .setUpdatedBy("user:carol@example.com").setUpdatedAt(first).build());
        produce(Topics.LABELS_INHERITED, target, DatasetLabels.newBuilder().setDataset(target)
                .setLabels(List.of(LabelEntry.newBuilder().setLabel("PII").setSource(LabelSource.INHERITED)
                        .setProvenance(List.of(source, target)).setVia(List.of("dbt/nightly_export")).build()))
                .setUpdatedAt(first).build());
        JobClient job = startJob("index-it-lineage-" + run);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> get("countersign-lineage-edges", "edge-" + run).contains("2026-11-20T11:00:00Z")
                    && get("countersign-datasets", target).contains("inheritedLabels"));
            assertThat(get("countersign-lineage-edges", "edge-" + run)).contains("\"firstSeen\":\"2026-11-20T10:00:00Z\"",
                    "\"lastSeen\":\"2026-11-20T11:00:00Z\"", "\"masking\":true", "\"job\":\"dbt/nightly_export\"");
            assertThat(get("countersign-datasets", target)).contains("\"provenance\":[\"" + source + "\",\"" + target + "\"]",
                    "\"via\":[\"dbt/nightly_export\"]");
            await().atMost(Duration.ofSeconds(30)).until(() -> get("countersign-datasets", source).contains("\"owners\":[\"user:carol@example.com\"]"));
        } finally {
            job.cancel().get();
        }
    }

    private <V extends org.apache.avro.specific.SpecificRecord> void produce(io.countersign.contracts.topics.Topic<String, V> topic, String key,
                                                                           V value) throws Exception {
        try (KafkaProducer<String, V> p = new KafkaProducer<>(kafka.clientProperties(Map.of(ProducerConfig.ACKS_CONFIG, "all")),
                new StringSerializer(), topic.valueSerde(registry).serializer())) {
            p.send(new ProducerRecord<>(topic.name(), key, value)).get();
        }
    }

    @Test
    void unreadableRecordsAndRefusedItemsAreDeadLetteredAndTheRestIndexed() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int lettersBefore = deadLetters("lineage-index").size();
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(kafka.clientProperties(Map.of()), new ByteArraySerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.AUDIT.name(), 0, "bad".getBytes(), new byte[]{7, 7, 7})).get();
        }
        // Events index refuses writes: those items fail for good (403), the audit documents still go in.
        openSearch.generic().execute(Requests.builder().method("PUT").endpoint("/countersign-audit-events-000001/_settings")
                .json("{\"index.blocks.write\": true}").build()).close();
        JobClient job = startJob("index-it-dlq-" + run);
        try {
            List<String> ids = List.of("dlq-" + run + "-1", "dlq-" + run + "-2");
            submit(ids, "db.delete");
            await().atMost(Duration.ofSeconds(60)).until(() -> count("countersign-audit",
                    "{\"query\": {\"terms\": {\"intentId\": [\"" + ids.get(0) + "\", \"" + ids.get(1) + "\"]}}}") == 2
                    && get("countersign-audit", ids.get(0)).contains("DENIED"));
            await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters("lineage-index").stream().anyMatch(d -> d.getStage().equals("deserialize")));
            await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters("lineage-index").stream()
                    .anyMatch(d -> d.getStage().equals("index") && d.getReason().contains("cluster_block_exception")));
            assertThat(deadLetters("lineage-index").size()).isGreaterThan(lettersBefore);
        } finally {
            openSearch.generic().execute(Requests.builder().method("PUT").endpoint("/countersign-audit-events-000001/_settings")
                    .json("{\"index.blocks.write\": false}").build()).close();
            job.cancel().get();
        }
    }

    private List<DeadLetter> deadLetters(String application) {
        return DeadLetterTopic.read(kafka, registry, application);
    }
}
