package io.countersign.lineage.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.lineage.testing.IndexStack;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.EdgeOrigin;
import io.countersign.schema.ExecutionReport;
import io.countersign.schema.ExecutionStatus;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import io.countersign.schema.LineageEdge;
import io.countersign.schema.Verdict;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Usage and execution lineage through the whole job on the embedded stack: decided intents become
 * hourly rollups per dataset × agent in {@code countersign-usage} and usage counters in the dataset's
 * document; a successful execution's outputs become {@code EXECUTION} lineage edges, along which a
 * label declared on the input then reaches the output.
 */
@WithCountersignStack
class UsageAndExecutionLineageIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void decidedIntentsAreRolledUpAndExecutionsBecomeLineage(Endpoints endpoints) throws Exception {
        IndexStack stack = IndexStack.provision(endpoints);
        KafkaSettings kafka = stack.kafka();
        SchemaRegistryClient registry = stack.registry();
        OpenSearchClient search = stack.search();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String table = "pg://sales/orders-" + run;
        String export = "s3://exports/orders-" + run;
        String reader = "agent:reader-" + run;
        String exporter = "agent:exporter-" + run;
        Produce.to(kafka, registry, Topics.LABELS_DECLARED, table, DatasetLabels.newBuilder().setDataset(table)
                .setLabels(List.of(LabelEntry.newBuilder().setLabel("CONFIDENTIAL").setSource(LabelSource.DECLARED).build()))
                .setUpdatedAt(Instant.now()).build());

        var policy = PolicyLoader.parse("""
                defaultEffect: allow
                rules:
                  - id: no-drops
                    condition: "intent.action == 'db.drop'"
                    effect: deny
                """, "usage-it.yaml");
        JobClient job = IndexStack.startJob(endpoints, "usage-" + run);
        try (StreamProcessors pipeline = stack.pipeline().applicationId("countersign-usage-it").start(policy)) {
            for (int i = 0; i < 3; i++) {
                intent(kafka, registry, "read-" + i + "-" + run, reader, "db.read", table);
            }
            intent(kafka, registry, "drop-" + run, reader, "db.drop", table);
            intent(kafka, registry, "export-0-" + run, exporter, "db.export", table);
            intent(kafka, registry, "export-1-" + run, exporter, "db.export", table);
            Verdict exported = Produce.awaitVerdict(kafka, registry, "export-0-" + run);
            Produce.to(kafka, registry, Topics.EXECUTIONS, exported.getIntentId(), ExecutionReport.newBuilder().setIntentId(exported.getIntentId())
                    .setAgentId(exporter).setStatus(ExecutionStatus.SUCCEEDED).setExecutedHash(exported.getIntentHash())
                    .setOutputDatasets(List.of(export)).setRowsAffected(1200L).setReportedAt(Instant.now()).build());

            // Hourly rollups: summed over hours, so a run that straddles an hour boundary still adds up.
            await().atMost(Duration.ofSeconds(60)).until(() -> total(search, table, reader, "total") == 4 && total(search, table, exporter, "total") == 2);
            assertThat(total(search, table, reader, "reads")).isEqualTo(3);
            assertThat(total(search, table, reader, "denials")).isEqualTo(1);
            assertThat(total(search, table, exporter, "exports")).isEqualTo(2);
            assertThat(total(search, table, exporter, "denials")).isZero();
            JsonNode hour = hits(search, "countersign-usage", table, reader).get(0).get("_source");
            assertThat(hour.get("hourEnd").asText()).isEqualTo(Instant.parse(hour.get("hour").asText()).plus(Duration.ofHours(1)).toString());
            assertThat(hour.get("outcomes").toString()).contains("DENIED");

            // The dataset's own counters, by agent.
            JsonNode usage = get(search, "countersign-datasets", table).get("_source").get("usage");
            assertThat(usage.get("total").asLong()).isEqualTo(6);
            assertThat(usage.get("exports").asLong()).isEqualTo(2);
            assertThat(usage.get("denials").asLong()).isEqualTo(1);
            assertThat(usage.get("agents")).hasSize(2);
            assertThat(usage.get("lastAccessedAt").asText()).isNotBlank();

            // The execution became lineage: an EXECUTION edge table → export, indexed, and the label followed it.
            LineageEdge edge = Produce.awaitRecord(kafka, registry, Topics.LINEAGE, e -> e.getTarget().equals(export));
            assertThat(edge.getSource()).isEqualTo(table);
            assertThat(edge.getOrigin()).isEqualTo(EdgeOrigin.EXECUTION);
            assertThat(edge.getIntentId()).isEqualTo(exported.getIntentId());
            assertThat(edge.getJob()).isEqualTo("db.export");
            DatasetLabels inherited = Produce.awaitRecord(kafka, registry, Topics.LABELS_INHERITED, l -> l.getDataset().equals(export));
            assertThat(inherited.getLabels()).extracting(LabelEntry::getLabel).containsExactly("CONFIDENTIAL");
            assertThat(inherited.getLabels().get(0).getProvenance()).containsExactly(table, export);
            assertThat(inherited.getLabels().get(0).getVia()).containsExactly("db.export");
        } finally {
            job.cancel().get();
        }
    }

    private static void intent(KafkaSettings kafka, SchemaRegistryClient registry, String id, String agent, String action, String dataset)
            throws Exception {
        Produce.to(kafka, registry, Topics.INTENTS, id, ActionIntent.newBuilder().setIntentId(id).setOccurredAt(Instant.now())
                .setAgent(AgentRef.newBuilder().setId(agent).build()).setPrincipal("user:bob@example.com")
                .setDelegationChain(List.of("user:bob@example.com", agent)).setAction(action).setTargets(List.of(dataset))
                .setParameters(Map.of()).setEnvironment("prod").build());
    }

    private static long total(OpenSearchClient search, String dataset, String agent, String field) throws Exception {
        long sum = 0;
        for (JsonNode hit : hits(search, "countersign-usage", dataset, agent)) {
            sum += hit.get("_source").get(field).asLong();
        }
        return sum;
    }

    private static List<JsonNode> hits(OpenSearchClient search, String index, String dataset, String agent) throws Exception {
        String query = JSON.writeValueAsString(Map.of("query", Map.of("bool", Map.of("filter", List.of(
                Map.of("term", Map.of("dataset", dataset)), Map.of("term", Map.of("agent", agent)))))));
        JsonNode body = call(search, "POST", "/" + index + "/_search", query);
        List<JsonNode> out = new ArrayList<>();
        body.path("hits").path("hits").forEach(out::add);
        return out;
    }

    private static JsonNode get(OpenSearchClient search, String index, String id) throws Exception {
        return call(search, "GET", "/" + index + "/_doc/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8), null);
    }

    private static JsonNode call(OpenSearchClient search, String method, String endpoint, String json) throws Exception {
        var request = Requests.builder().method(method).endpoint(endpoint);
        if (json != null) {
            request.json(json);
        }
        try (Response r = search.generic().execute(request.build())) {
            return r.getBody().isPresent() ? JSON.readTree(r.getBody().get().bodyAsBytes()) : JSON.createObjectNode();
        }
    }

    /** Kafka helpers for this test: produce with acks=all, wait for a verdict or a record matching a test. */
    static final class Produce {
        static <V extends org.apache.avro.specific.SpecificRecord> void to(KafkaSettings kafka, SchemaRegistryClient registry,
                                                                          io.countersign.contracts.topics.Topic<String, V> topic, String key, V value) throws Exception {
            try (var p = new org.apache.kafka.clients.producer.KafkaProducer<>(kafka.clientProperties(Map.of(
                    org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all")),
                    new org.apache.kafka.common.serialization.StringSerializer(), topic.valueSerde(registry).serializer())) {
                p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic.name(), key, value)).get();
            }
        }

        static Verdict awaitVerdict(KafkaSettings kafka, SchemaRegistryClient registry, String intentId) {
            return awaitRecord(kafka, registry, Topics.VERDICTS, v -> v.getIntentId().equals(intentId));
        }

        static <V extends org.apache.avro.specific.SpecificRecord> V awaitRecord(KafkaSettings kafka, SchemaRegistryClient registry,
                                                                                io.countersign.contracts.topics.Topic<String, V> topic,
                                                                                java.util.function.Predicate<V> test) {
            Map<String, V> found = new HashMap<>();
            try (KafkaConsumer<String, V> c = new KafkaConsumer<>(kafka.clientProperties(Map.of(ConsumerConfig.GROUP_ID_CONFIG,
                    "it-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    "read_committed")), new StringDeserializer(), topic.valueSerde(registry).deserializer())) {
                c.subscribe(List.of(topic.name()));
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    for (var r : c.poll(Duration.ofMillis(200))) {
                        if (r.value() != null && test.test(r.value())) {
                            found.put("hit", r.value());
                        }
                    }
                    return found.containsKey("hit");
                });
            }
            return found.get("hit");
        }
    }
}
