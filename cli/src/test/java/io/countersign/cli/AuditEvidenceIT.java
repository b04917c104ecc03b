package io.countersign.cli;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.signing.Ed25519Keys;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.processors.StreamProcessorsConfig;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code countersign audit evidence} and {@code audit verify-evidence} against an audit log the real pipeline
 * wrote: the bundle verifies offline; a record removed, a record's content changed, a checkpoint re-signed with
 * another key (against a pinned key) and a file swapped are each named; the report counts the period's intents.
 */
@WithCountersignStack
class AuditEvidenceIT {

    private static final int INTENTS = 40;

    @Test
    void aBundleVerifiesOfflineAndEachForgeryIsNamed(Endpoints endpoints, @TempDir Path dir) throws Exception {
        Path config = CliRun.initialised(endpoints, dir);
        KafkaSettings kafka = new KafkaSettings(endpoints.kafkaBootstrap(), Map.of());
        SchemaRegistryClient registry = new HttpSchemaRegistryClient(endpoints.registryUrl());
        Instant start = Instant.now().minusSeconds(1);
        String run = "evidence-it-" + java.util.UUID.randomUUID() + "-";
        try (DecisionPipeline pipeline = DecisionPipeline.start(kafka, registry, StreamProcessorsConfig.builder()
                .applicationId("audit-evidence-it").expirySweepMs(500).checkpointIntervalMs(300).build(), dir,
                new PrintWriter(new StringWriter()))) {
            publish(kafka, registry, run);
            awaitAudited(kafka, registry, run, 3 * INTENTS); // received, classified and decided, each chained
            Thread.sleep(2_000); // the heads checkpointed (every 300 ms) and signed
        }
        String key = dir.resolve("keys/audit-signing-key.pub.pem").toString();
        Path bundle = dir.resolve("evidence.zip");
        CliRun made = CliRun.of("audit", "evidence", "--config", config.toString(), "--public-key", key, "--from", start.toString(),
                "--out", bundle.toString());
        assertThat(made.exit()).as(made.out() + made.err()).isZero();
        assertThat(made.out()).contains("wrote " + bundle);

        CliRun ok = CliRun.of("audit", "verify-evidence", bundle.toString(), "--trust-key", key);
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).startsWith("VERIFIED");
        Map<String, byte[]> files = EvidenceBundles.read(bundle);
        // The shared stack's other tests may have intents in the same period: count this run's.
        String report = new String(files.get("report.html"), StandardCharsets.UTF_8);
        assertThat(new String(files.get("report.pdf"), 0, 5, StandardCharsets.US_ASCII)).as("the report as PDF too").isEqualTo("%PDF-");
        int received = Integer.parseInt(report.replaceAll("(?s).*<td>RECEIVED</td><td>(\\d+)</td>.*", "$1"));
        assertThat(received).isGreaterThanOrEqualTo(INTENTS);
        long ours = files.entrySet().stream().filter(e -> e.getKey().startsWith("records/"))
                .flatMap(e -> new String(e.getValue(), StandardCharsets.UTF_8).lines())
                .filter(l -> l.contains("\"eventType\":\"RECEIVED\"") && l.contains("\"intentId\":\"" + run)).count();
        assertThat(ours).as("this run's intents, each received once in the bundle").isEqualTo(INTENTS);
        String partition = files.keySet().stream().filter(n -> n.startsWith("records/")).filter(n -> files.get(n).length > 0).findFirst()
                .orElseThrow();

        assertThat(forged(dir, files, partition, s -> s.substring(s.indexOf('\n') + 1).replaceFirst("\n(.*)\n", "\n"), key))
                .as("a record removed").contains("NOT VERIFIED").containsAnyOf("does not link", "not consecutive", "counts");
        assertThat(forged(dir, files, partition, s -> s.replaceFirst("\"principal\":\"user:alice@example.com\"",
                "\"principal\":\"user:mallory@example.com\""), key)).as("a record changed").contains("NOT VERIFIED", "altered");
        Path other = dir.resolve("other");
        var otherKeys = io.countersign.audit.AuditSigner.loadOrCreate(other);
        assertThat(otherKeys.keyId()).isNotEqualTo(Ed25519Keys.keyId(Ed25519Keys.readPublicKey(Path.of(key))));
        // A forger re-signs every checkpoint with a key of their own and ships that key in the bundle: the bundle is
        // consistent in itself, so only the key the auditor trusts (--trust-key) gives it away.
        Map<String, byte[]> resigned = EvidenceBundles.edit(files, "checkpoints.ndjson", s -> resign(s, otherKeys), true);
        resigned = EvidenceBundles.edit(resigned, "keys/" + otherKeys.keyId() + ".pub.pem",
                x -> Ed25519Keys.toPem(otherPublic(other)), true);
        Path resignedZip = EvidenceBundles.write(resigned, dir.resolve("resigned.zip"));
        assertThat(CliRun.of("audit", "verify-evidence", resignedZip.toString()).out()).as("self-consistent without a pinned key")
                .startsWith("VERIFIED");
        CliRun wrongKey = CliRun.of("audit", "verify-evidence", resignedZip.toString(), "--trust-key", key);
        assertThat(wrongKey.exit()).isEqualTo(1);
        assertThat(wrongKey.out()).as("re-signed with another key").contains("NOT VERIFIED", "key " + otherKeys.keyId(), "not one you trust");
        Map<String, byte[]> swapped = EvidenceBundles.edit(files, "report.html", s -> "<p>all fine</p>", false);
        CliRun swappedRun = CliRun.of("audit", "verify-evidence", EvidenceBundles.write(swapped, dir.resolve("swapped.zip")).toString());
        assertThat(swappedRun.out()).as("a file swapped").contains("NOT VERIFIED", "report.html does not match its SHA-256");
    }

    private static String forged(Path dir, Map<String, byte[]> files, String name, java.util.function.UnaryOperator<String> edit, String key)
            throws Exception {
        Path zip = EvidenceBundles.write(EvidenceBundles.edit(files, name, edit, true), Files.createTempFile(dir, "forged", ".zip"));
        return CliRun.of("audit", "verify-evidence", zip.toString(), "--trust-key", key).out();
    }

    private static java.security.PublicKey otherPublic(Path dir) {
        try {
            return Ed25519Keys.readPublicKey(dir.resolve("audit-signing-key.pub.pem"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every checkpoint line of {@code ndjson} re-signed by {@code signer}. */
    private static String resign(String ndjson, io.countersign.audit.AuditSigner signer) {
        StringBuilder out = new StringBuilder();
        var schema = io.countersign.schema.AuditCheckpoint.getClassSchema();
        for (String line : ndjson.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                var cp = new org.apache.avro.specific.SpecificDatumReader<>(io.countersign.schema.AuditCheckpoint.class)
                        .read(null, org.apache.avro.io.DecoderFactory.get().jsonDecoder(schema, line));
                var again = signer.sign(cp.getChainPartition(), cp.getLastSequence(), cp.getHeadHash(), cp.getCreatedAt());
                var bytes = new java.io.ByteArrayOutputStream();
                var encoder = org.apache.avro.io.EncoderFactory.get().jsonEncoder(schema, bytes);
                new org.apache.avro.specific.SpecificDatumWriter<>(io.countersign.schema.AuditCheckpoint.class).write(again, encoder);
                encoder.flush();
                out.append(bytes.toString(StandardCharsets.UTF_8)).append('\n');
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return out.toString();
    }

    /** Waits until the audit log holds {@code count} records of intents starting with {@code run}. */
    private static void awaitAudited(KafkaSettings kafka, SchemaRegistryClient registry, String run, int count) {
        var props = kafka.clientProperties(Map.of(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(props, new org.apache.kafka.common.serialization.StringDeserializer(),
                Topics.AUDIT.valueSerde(registry).deserializer())) {
            var parts = consumer.partitionsFor(Topics.AUDIT.name()).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            int seen = 0;
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
            while (seen < count && System.nanoTime() < deadline) {
                for (var r : consumer.poll(java.time.Duration.ofMillis(200))) {
                    if (r.value() != null && r.value().getIntentId().startsWith(run)) {
                        seen++;
                    }
                }
            }
            assertThat(seen).as("audit records of this run").isGreaterThanOrEqualTo(count);
        }
    }

    private static void publish(KafkaSettings kafka, SchemaRegistryClient registry, String run) {
        try (KafkaProducer<String, ActionIntent> producer = new KafkaProducer<>(kafka.clientProperties(Map.of()), new StringSerializer(),
                Topics.INTENTS.valueSerde(registry).serializer())) {
            for (int i = 0; i < INTENTS; i++) {
                String id = run + i;
                producer.send(new ProducerRecord<>(Topics.INTENTS.name(), id, ActionIntent.newBuilder().setIntentId(id).setOccurredAt(Instant.now())
                        .setAgent(AgentRef.newBuilder().setId("agent:auditor").build()).setPrincipal("user:alice@example.com")
                        .setAction(i % 3 == 0 ? "iam.role.grant" : "db.read").setEnvironment(i % 3 == 0 ? "dev" : "prod").setTargets(List.of())
                        .setParameters(Map.of()).build()));
            }
        }
    }
}
