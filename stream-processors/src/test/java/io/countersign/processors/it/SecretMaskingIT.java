package io.countersign.processors.it;

import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.processors.SecretCorpus;
import io.countersign.processors.StreamProcessors;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.DeadLetter;
import io.countersign.schema.ExecutionReport;
import io.countersign.schema.ExecutionStatus;
import io.countersign.schema.Verdict;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credential corpus against the real pipeline: intents whose parameters, reason, targets and
 * destination carry every secret of it (one sent to review, one allowed, the allowed one's id reused with
 * other content, one invalid) and an execution report quoting them. Afterwards no secret is in any record
 * — committed or aborted — of any topic but the two agents write themselves ({@code countersign.intents},
 * {@code countersign.executions}): not in approval requests, their changelogs, the audit topics, verdicts
 * or dead letters; and not in the log.
 */
@WithCountersignStack
class SecretMaskingIT {

    private static final Set<String> AGENT_WRITTEN = Set.of(Topics.INTENTS.name(), Topics.EXECUTIONS.name());

    @Test
    void noSecretOfTheCorpusReachesAnyTopicButTheAgentsOwnNorTheLog(Endpoints endpoints) throws Exception {
        SecretCorpus corpus = SecretCorpus.load();
        String run = UUID.randomUUID().toString();
        String review = "sm-review-" + run;
        String allowed = "sm-allowed-" + run;
        List<DeadLetter> letters;
        try (PipelineFixture fixture = new PipelineFixture(endpoints); LogCapture log = new LogCapture()) {
            fixture.declare("pg://crm/customers", "PII");
            try (StreamProcessors pipeline = fixture.start(PipelineFixture.EXPORT_REVIEW_POLICY)) {
                var intents = fixture.producer(Topics.INTENTS);
                // The review's target is readable: a target with a password in it is denied outright (the third intent).
                for (ActionIntent intent : List.of(corpus.intent(review, "db.export").setTargets(List.of("pg://crm/customers")).build(),
                        corpus.intent("sm-denied-" + run, "db.export").build(),
                        corpus.intent(allowed, "db.read").build(),
                        corpus.intent(allowed, "db.copy").build(),                          // a reused id: dead letter
                        corpus.intent("sm-invalid-" + run, "db.read").setPrincipal(" ").build())) { // invalid: dead letter
                    intents.send(new ProducerRecord<>(Topics.INTENTS.name(), intent.getIntentId(), intent));
                }
                intents.flush();
                var executions = fixture.producer(Topics.EXECUTIONS);
                ActionIntent sample = corpus.intent("x", "x").build();
                executions.send(new ProducerRecord<>(Topics.EXECUTIONS.name(), allowed, ExecutionReport.newBuilder()
                        .setIntentId(allowed).setAgentId("agent:exporter").setStatus(ExecutionStatus.SUCCEEDED)
                        .setExecutedHash("a".repeat(64)).setOutputDatasets(sample.getTargets()).setDetail(sample.getReason())
                        .setReportedAt(Instant.now()).build()));
                executions.flush();

                Duration wait = Duration.ofSeconds(120);
                assertThat(PipelineFixture.readUntil(fixture.<ApprovalRequest>reader(Topics.APPROVAL_REQUESTS), wait,
                        r -> r.stream().anyMatch(x -> x.value().getIntentId().equals(review)))).isNotEmpty();
                assertThat(PipelineFixture.readUntil(fixture.<Verdict>reader(Topics.VERDICTS), wait,
                        r -> r.stream().anyMatch(x -> x.key().equals(allowed)))).isNotEmpty();
                List<ConsumerRecord<String, AuditRecord>> audit = PipelineFixture.readUntil(fixture.<AuditRecord>reader(Topics.AUDIT), wait,
                        r -> r.stream().anyMatch(x -> x.key().equals(allowed) && x.value().getEventType() == AuditEventType.EXECUTION));
                assertThat(audit).anyMatch(x -> x.key().equals(allowed) && x.value().getEventType() == AuditEventType.EXECUTION);
                letters = deadLetters(fixture, run, wait);
            }

            Map<String, List<String>> leaks = new TreeMap<>();
            int topicsRead = 0;
            try (Admin admin = Admin.create(fixture.kafka.clientProperties(Map.of()))) {
                for (String topic : admin.listTopics().names().get()) {
                    if (AGENT_WRITTEN.contains(topic)) {
                        continue;
                    }
                    topicsRead++;
                    for (String text : everyRecord(fixture, topic)) {
                        corpus.foundIn(text).forEach(s -> leaks.computeIfAbsent(topic, t -> new ArrayList<>()).add(s));
                    }
                }
            }
            for (String line : log.lines()) {
                corpus.foundIn(line).forEach(s -> leaks.computeIfAbsent("log", t -> new ArrayList<>()).add(s));
            }
            assertThat(topicsRead).as("topics read").isGreaterThanOrEqualTo(10);
            assertThat(log.lines()).as("log lines captured").isNotEmpty();
            assertThat(leaks).as("secrets by topic").isEmpty();
            assertThat(letters).as("the reused id and the invalid intent").hasSize(2)
                    .allSatisfy(d -> assertThat(d.getValue()).as("no value in a dead letter of an intent").isNull());
        }
    }

    private static List<DeadLetter> deadLetters(PipelineFixture fixture, String run, Duration wait) {
        try (KafkaConsumer<byte[], DeadLetter> consumer = new KafkaConsumer<>(fixture.kafka.clientProperties(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "it-dlq-" + run, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")), new ByteArrayDeserializer(),
                Topics.DEAD_LETTERS.valueSerde(fixture.registry).deserializer())) {
            consumer.subscribe(List.of(Topics.DEAD_LETTERS.name()));
            return PipelineFixture.readUntil(consumer, wait, r -> mine(r, run).size() >= 2).stream()
                    .filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).contains(run))
                    .map(ConsumerRecord::value).toList();
        }
    }

    private static List<ConsumerRecord<byte[], DeadLetter>> mine(List<ConsumerRecord<byte[], DeadLetter>> read, String run) {
        return read.stream().filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).contains(run)).toList();
    }

    /** Key and value of every record of {@code topic}, aborted transactions included, as Latin-1 text. */
    private static List<String> everyRecord(PipelineFixture fixture, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(fixture.kafka.clientProperties(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000")),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add((r.key() == null ? "" : new String(r.key(), StandardCharsets.ISO_8859_1)) + " "
                            + (r.value() == null ? "" : new String(r.value(), StandardCharsets.ISO_8859_1)));
                }
            }
            assertThat(partitions).as("read to the end of %s", topic).allMatch(p -> consumer.position(p) >= end.get(p));
            return out;
        }
    }
}
