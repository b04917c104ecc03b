package io.countersign.cli;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.ConfluentAvroSerializer;
import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topic;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.processors.StreamProcessorsConfig;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.IntentRefusal;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code countersign audit verify} against an audit log the real pipeline wrote: intact, it passes;
 * a copy with one record altered, or one record missing, fails and names where.
 */
@WithCountersignStack
class AuditVerifyIT {

    @Test
    void anIntactLogVerifiesAndOneAlteredOrMissingRecordIsReported(Endpoints endpoints, @TempDir Path dir) throws Exception {
        Path config = CliRun.initialised(endpoints, dir);
        KafkaSettings kafka = new KafkaSettings(endpoints.kafkaBootstrap(), Map.of());
        SchemaRegistryClient registry = new HttpSchemaRegistryClient(endpoints.registryUrl());
        StreamProcessorsConfig fastCheckpoints = StreamProcessorsConfig.builder().applicationId("audit-verify-it")
                .expirySweepMs(500).checkpointIntervalMs(300).build();

        try (DecisionPipeline pipeline = DecisionPipeline.start(kafka, registry, fastCheckpoints, dir, new PrintWriter(new StringWriter()))) {
            publishIntents(kafka, registry, 300);
            publishRefusals(kafka, registry, 30);
            List<ConsumerRecord<String, byte[]>> audit = readAll(kafka, Topics.AUDIT.name(), 930);
            assertThat(audit).hasSizeGreaterThanOrEqualTo(930); // received + classified + verdict per intent, and the refusals
            var records = Topics.AUDIT.valueSerde(registry).deserializer();
            assertThat(audit).filteredOn(r -> records.deserialize(r.topic(), r.value()).getEventType() == AuditEventType.REFUSED_AT_GATEWAY)
                    .as("refused at the gateway, chained among the others").hasSize(30);
            Thread.sleep(1_000); // let the chain heads be checkpointed and signed
        }
        String key = dir.resolve("keys/audit-signing-key.pub.pem").toString();

        CliRun intact = CliRun.of("audit", "verify", "--config", config.toString(), "--public-key", key);
        assertThat(intact.exit()).as(intact.out() + intact.err()).isZero();
        assertThat(intact.out()).contains("INTACT").containsPattern("[1-9]\\d* signed checkpoints verified");

        List<ConsumerRecord<String, byte[]>> original = readAll(kafka, Topics.AUDIT.name(), 930);
        ConsumerRecord<String, byte[]> victim = original.get(original.size() / 2);

        String altered = copyAuditTopic(kafka, registry, original, victim, true);
        CliRun alteredRun = CliRun.of("audit", "verify", "--config", config.toString(), "--public-key", key, "--audit-topic", altered);
        assertThat(alteredRun.exit()).isEqualTo(1);
        assertThat(alteredRun.out()).contains("BROKEN").contains("partition " + victim.partition());

        String deleted = copyAuditTopic(kafka, registry, original, victim, false);
        CliRun deletedRun = CliRun.of("audit", "verify", "--config", config.toString(), "--public-key", key, "--audit-topic", deleted);
        assertThat(deletedRun.exit()).isEqualTo(1);
        assertThat(deletedRun.out()).contains("BROKEN").contains("partition " + victim.partition());

        // The index's copy, written as the lineage-index job writes it, checked against the log.
        var os = io.countersign.search.OpenSearchClients.create(endpoints.openSearchUrl());
        io.countersign.lineage.adapter.out.IndexSetup.ensure(os);
        var deserializer = Topics.AUDIT.valueSerde(registry).deserializer();
        StringBuilder bulk = new StringBuilder();
        for (ConsumerRecord<String, byte[]> r : original) {
            for (var op : io.countersign.lineage.domain.AuditDocuments.of(deserializer.deserialize(r.topic(), r.value()),
                    io.countersign.lineage.domain.Origin.kafka(r.topic(), r.partition(), r.offset()))) {
                if (op.index.equals("countersign-audit-events")) {
                    bulk.append("{\"index\":{\"_index\":\"countersign-audit-events\",\"_id\":\"").append(op.id).append("\"}}\n").append(op.json).append('\n');
                }
            }
        }
        call(os, "POST", "/_bulk?refresh=true", bulk.toString());
        String url = endpoints.openSearchUrl();
        CliRun indexIntact = CliRun.of("audit", "verify", "--config", config.toString(), "--public-key", key, "--index", url);
        assertThat(indexIntact.exit()).as(indexIntact.out() + indexIntact.err()).isZero();
        assertThat(indexIntact.out()).contains("INTACT").containsPattern("index, chain \\d+: [1-9]\\d* records compared, 0 not indexed yet");

        int p = victim.partition();
        call(os, "POST", "/countersign-audit-events/_update/" + p + "-10?refresh=true", "{\"doc\": {\"eventType\": \"EXECUTION\"}}");
        call(os, "DELETE", "/countersign-audit-events/_doc/" + p + "-20?refresh=true", null);
        call(os, "PUT", "/countersign-audit-events/_doc/forged-" + p + "?refresh=true", "{\"intentId\": \"audit-it-forged\", \"eventType\": "
                + "\"VERDICT\", \"chainPartition\": " + p + ", \"sequence\": 30, \"prevHash\": \"x\", \"hash\": \"y\"}");
        CliRun indexTampered = CliRun.of("audit", "verify", "--config", config.toString(), "--public-key", key, "--index", url);
        assertThat(indexTampered.exit()).isEqualTo(1);
        assertThat(indexTampered.out()).contains("BROKEN: 3 problem(s)")
                .contains("partition " + p + " offset -1 sequence 10: the index's copy of the record differs from the log — event EXECUTION instead of")
                .contains("partition " + p + " offset -1 sequence 20: the index skips a record the log has")
                .contains("partition " + p + " offset -1 sequence 30: the index has a record the log does not");
    }

    private static void call(org.opensearch.client.opensearch.OpenSearchClient os, String method, String endpoint, String body) throws Exception {
        var request = org.opensearch.client.opensearch.generic.Requests.builder().method(method).endpoint(endpoint);
        if (body != null) {
            request.json(body);
        }
        try (var r = os.generic().execute(request.build())) {
            assertThat(r.getStatus()).as(method + " " + endpoint).isLessThan(300);
        }
    }

    private static void publishIntents(KafkaSettings kafka, SchemaRegistryClient registry, int n) {
        publish(kafka, registry, Topics.INTENTS, n, i -> ActionIntent.newBuilder().setIntentId("audit-it-" + i)
                .setOccurredAt(Instant.now()).setAgent(AgentRef.newBuilder().setId("agent:auditor").build())
                .setPrincipal("user:alice@example.com").setAction(i % 3 == 0 ? "iam.role.grant" : "db.read")
                .setEnvironment(i % 3 == 0 ? "dev" : "prod").setTargets(List.of()).setParameters(Map.of()).build(), ActionIntent::getIntentId);
    }

    /** Intents the ingest gateway refused for their principal, as it writes them. */
    private static void publishRefusals(KafkaSettings kafka, SchemaRegistryClient registry, int n) {
        publish(kafka, registry, Topics.INTENTS_REFUSED, n, i -> IntentRefusal.newBuilder().setIntentId("audit-it-refused-" + i)
                .setRefusedAt(Instant.now()).setAgent(AgentRef.newBuilder().setId("agent:auditor").build()).setKeyId("key-auditor")
                .setPrincipal("user:bob@example.com").setAction("db.read").setTargets(List.of()).setEnvironment("prod")
                .setError("principal_not_allowed").setReason("principal not allowed for this key").build(), IntentRefusal::getIntentId);
    }

    /** {@code n} records made by {@code record} (from 0 to n - 1) on {@code topic}, each under its {@code key}. */
    private static <V extends SpecificRecord> void publish(KafkaSettings kafka, SchemaRegistryClient registry, Topic<String, V> topic, int n,
                                                           IntFunction<V> record, Function<V, String> key) {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(kafka.clientProperties(Map.of()),
                new StringSerializer(), topic.valueSerde(registry).serializer())) {
            for (int i = 0; i < n; i++) {
                V value = record.apply(i);
                producer.send(new ProducerRecord<>(topic.name(), key.apply(value), value));
            }
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(KafkaSettings kafka, String topic, int atLeast) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.clientProperties(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "audit-it-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")), new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int empty = 0;
            while (System.nanoTime() < deadline && (out.size() < atLeast || empty < 5)) {
                var batch = consumer.poll(Duration.ofMillis(200));
                empty = batch.isEmpty() ? empty + 1 : 0;
                batch.forEach(out::add);
            }
            return out;
        }
    }

    /** Copies the audit log partition by partition, altering or dropping {@code victim}; returns the copy's topic. */
    private static String copyAuditTopic(KafkaSettings kafka, SchemaRegistryClient registry, List<ConsumerRecord<String, byte[]>> records,
                                         ConsumerRecord<String, byte[]> victim, boolean alter) throws Exception {
        String topic = "countersign.audit.copy-" + UUID.randomUUID();
        try (Admin admin = Admin.create(kafka.clientProperties(Map.of()))) {
            admin.createTopics(List.of(new NewTopic(topic, Topics.AUDIT.partitions(), (short) 1))).all().get();
        }
        var deserializer = Topics.AUDIT.valueSerde(registry).deserializer();
        var serializer = new ConfluentAvroSerializer<>(registry, AuditRecord.class, true, false);
        // One request in flight: a copy of a hash chain must keep its order exactly.
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.clientProperties(Map.of(
                "max.in.flight.requests.per.connection", "1", "acks", "all")), new StringSerializer(), new ByteArraySerializer())) {
            // A topic just created may not have its leaders known yet; wait rather than retry sends.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> producer.partitionsFor(topic).stream()
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
            for (ConsumerRecord<String, byte[]> r : records) {
                byte[] value = r.value();
                if (r.partition() == victim.partition() && r.offset() == victim.offset()) {
                    if (!alter) {
                        continue;
                    }
                    AuditRecord record = deserializer.deserialize(Topics.AUDIT.name(), value);
                    record.setActor("user:mallory@example.com"); // rewriting history: who did it
                    value = serializer.serialize(topic, record);
                }
                producer.send(new ProducerRecord<>(topic, r.partition(), r.key(), value));
            }
        }
        return topic;
    }
}
