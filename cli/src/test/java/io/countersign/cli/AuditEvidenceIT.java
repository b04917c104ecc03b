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
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.Verdict;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code countersign audit evidence} and {@code audit verify-evidence} against an audit log the real pipeline
 * wrote: the bundle verifies offline; a record removed, a record's content changed, an approver's reason changed,
 * a checkpoint re-signed with another key (against a pinned key) and a file swapped are each named; the report
 * counts the period's intents, gives the approver's reason and lists the refused self-approval.
 */
@WithCountersignStack
class AuditEvidenceIT {

    private static final int INTENTS = 40;
    private static final String REASON = "change ticket SEC-1234 checked with the team lead";

    @Test
    void aBundleVerifiesOfflineAndEachForgeryIsNamed(Endpoints endpoints, @TempDir Path dir) throws Exception {
        Path config = CliRun.initialised(endpoints, dir);
        KafkaSettings kafka = new KafkaSettings(endpoints.kafkaBootstrap(), Map.of());
        SchemaRegistryClient registry = new HttpSchemaRegistryClient(endpoints.registryUrl());
        Instant start = Instant.now().minusSeconds(1);
        String run = "evidence-it-" + java.util.UUID.randomUUID() + "-";
        String reviewed = run + "review";
        try (SignedApprovals approvals = SignedApprovals.api(kafka, registry, dir.resolve("channel-keys"));
             DecisionPipeline pipeline = DecisionPipeline.start(kafka, registry, StreamProcessorsConfig.builder()
                     .applicationId("audit-evidence-it").expirySweepMs(500).checkpointIntervalMs(300)
                     .channelKeys(List.of(approvals.trusted())).build(), dir, new PrintWriter(new StringWriter()))) {
            publish(kafka, registry, run, reviewed);
            // The grant goes to the security on-call (iam-in-prod). Its principal tries to approve it first, which the
            // pipeline refuses; then Sam, in security-oncall in the demo directory, approves it with a reason.
            ApprovalRequest request = approvals.awaitRequest(reviewed);
            approvals.decide(request, "user:alice@example.com", DecisionKind.APPROVE, "my own grant");
            approvals.decide(request, "user:sam@example.com", DecisionKind.APPROVE, REASON);
            // Received, classified and decided for every intent, each chained; the review's request, its refused and
            // accepted decisions besides.
            List<AuditRecord> audited = TopicWaits.await(kafka, registry, Topics.AUDIT, r -> r.getIntentId().startsWith(run),
                    3 * (INTENTS + 1) + 3, Duration.ofSeconds(120));
            assertThat(audited).as("the review's verdict in the audit log").anySatisfy(r -> {
                assertThat(r.getIntentId()).isEqualTo(reviewed);
                assertThat(r.getEvent()).isInstanceOfSatisfying(Verdict.class, v -> assertThat(v.getDecidedBy()).isEqualTo(DecidedBy.APPROVERS));
            });
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
        assertThat(ours).as("this run's intents, each received once in the bundle").isEqualTo(INTENTS + 1);
        assertThat(report).as("the approver's reason in the report").contains("<td>user:sam@example.com</td><td>APPROVE</td>", REASON)
                .containsPattern("<h2>Self-approval attempts refused \\(1\\)</h2>.*<td>" + reviewed + "</td><td>user:alice@example.com</td>");
        String partition = files.keySet().stream().filter(n -> n.startsWith("records/")).filter(n -> files.get(n).length > 0).findFirst()
                .orElseThrow();

        assertThat(forged(dir, files, partition, s -> s.substring(s.indexOf('\n') + 1).replaceFirst("\n(.*)\n", "\n"), key))
                .as("a record removed").contains("NOT VERIFIED").containsAnyOf("does not link", "not consecutive", "counts");
        assertThat(forged(dir, files, partition, s -> s.replaceFirst("\"principal\":\"user:alice@example.com\"",
                "\"principal\":\"user:mallory@example.com\""), key)).as("a record changed").contains("NOT VERIFIED", "altered");
        assertReasonChangedIsNamed(dir, files, reviewed, key);
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

    /** A forger edits the approver's reason inside the DECISION_ACCEPTED record: verify-evidence names that record. */
    private static void assertReasonChangedIsNamed(Path dir, Map<String, byte[]> files, String reviewed, String key) throws Exception {
        String name = files.keySet().stream().filter(n -> n.startsWith("records/"))
                .filter(n -> new String(files.get(n), StandardCharsets.UTF_8).contains(REASON)).findFirst().orElseThrow();
        // Only that record: the verdict that follows lists the decision too, reason and all.
        String accepted = new String(files.get(name), StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("\"eventType\":\"DECISION_ACCEPTED\"") && l.contains("\"intentId\":\"" + reviewed + "\"")
                        && l.contains(REASON)).findFirst().orElseThrow();
        var entry = new com.fasterxml.jackson.databind.ObjectMapper().readTree(accepted);
        String record = "partition " + name.replaceAll("\\D", "") + " offset " + entry.path("offset").asLong() + " sequence "
                + entry.path("record").path("sequence").asLong();
        String out = forged(dir, files, name, s -> s.replace(accepted, accepted.replace(REASON, "approved by the CISO in person")), key);
        assertThat(out).as("a reason changed").contains("NOT VERIFIED", record + ": record content does not match its hash (altered)");
    }

    /** {@code INTENTS} intents the shipped policy decides by itself, and {@code reviewed}, which it sends to people. */
    private static void publish(KafkaSettings kafka, SchemaRegistryClient registry, String run, String reviewed) {
        try (KafkaProducer<String, ActionIntent> producer = new KafkaProducer<>(kafka.clientProperties(Map.of()), new StringSerializer(),
                Topics.INTENTS.valueSerde(registry).serializer())) {
            for (int i = 0; i < INTENTS; i++) {
                producer.send(intent(run + i, i % 3 == 0 ? "iam.role.grant" : "db.read", i % 3 == 0 ? "dev" : "prod"));
            }
            producer.send(intent(reviewed, "iam.role.grant", "prod"));
        }
    }

    private static ProducerRecord<String, ActionIntent> intent(String id, String action, String environment) {
        return new ProducerRecord<>(Topics.INTENTS.name(), id, ActionIntent.newBuilder().setIntentId(id).setOccurredAt(Instant.now())
                .setAgent(AgentRef.newBuilder().setId("agent:auditor").build()).setPrincipal("user:alice@example.com")
                .setAction(action).setEnvironment(environment).setTargets(List.of()).setParameters(Map.of()).build());
    }
}
