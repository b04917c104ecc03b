package io.countersign.processors.it;

import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.AuditRecordBatch;
import io.countersign.schema.Verdict;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first-wins pipeline ({@code gate: first-wins}: an at-least-once gate whose decisions the audit chain deduplicates) keeps the
 * reliability promises of the exactly-once one through a SIGKILL mid-load, with the policy changed while it is down
 * so that what the gate decides again it decides differently: the first decision of each intent in the gate's output
 * (what an agent reading it acted on) is the one verdict on {@code countersign.verdicts}, or the one approval
 * request, and the one decision in the audit chain; and every chain verifies.
 */
@WithCountersignStack
class FirstWinsCrashIT {

    static final int INTENTS = 10_000;
    static final String APPLICATION = "countersign-first-wins-it";
    static final String DENY_ALL = "defaultEffect: deny\nrules: []\n";
    /** A first decision that is a review, not a verdict. */
    static final String REVIEW = "REVIEW";

    private PipelineFixture fixture;
    private PipelineProcesses pipelines;
    private Path policy;

    @BeforeEach
    void start(Endpoints endpoints) throws Exception {
        fixture = new PipelineFixture(endpoints);
        policy = fixture.dataDir.resolve("first-wins-policy.yaml");
        Files.writeString(policy, PipelineFixture.EXPORT_REVIEW_POLICY);
        pipelines = new PipelineProcesses(fixture, policy, "first-wins");
    }

    @AfterEach
    void stop() throws Exception {
        pipelines.close();
        fixture.close();
    }

    @Test
    void afterAKillNineTheFirstDecisionOfEachIntentIsTheOnlyVerdictAndTheOnlyOneInTheChain() throws Exception {
        String run = "fw-" + Long.toHexString(System.nanoTime()) + "-";
        // The broker holds other tests' intents and audit events: this application starts where the topics end now.
        fixture.startAtEnd(APPLICATION + "-gate", List.of(Topics.INTENTS));
        fixture.startAtEnd(APPLICATION, List.of(Topics.APPROVAL_REQUESTS, Topics.APPROVAL_DECISIONS, Topics.EXECUTIONS, Topics.AUDIT_UNCHAINED,
                Topics.INTENTS_REFUSED));
        Map<TopicPartition, Long> chainsStart = AuditChains.ends(fixture, Topics.AUDIT);
        try (GateOutput gateOutput = new GateOutput(run, AuditChains.ends(fixture, Topics.AUDIT_UNCHAINED))) {
            crashMidLoadAndCheck(run, chainsStart, gateOutput);
        }
    }

    private void crashMidLoadAndCheck(String run, Map<TopicPartition, Long> chainsStart, GateOutput gateOutput) throws Exception {

        Process first = pipelines.start();
        KafkaProducer<String, ActionIntent> producer = fixture.producer(Topics.INTENTS);
        for (int i = 0; i < INTENTS; i++) {
            String id = run + i;
            producer.send(new ProducerRecord<>(Topics.INTENTS.name(), id, PipelineFixture.intent(id)
                    .setAction(i % 10 == 0 ? "db.export" : "db.read").setTargets(List.of("pg://web/pages")).build()));
            if (i == INTENTS / 2) {
                producer.flush();
                // Kill only once the gate is demonstrably mid-stream: some decisions out, most still to come.
                gateOutput.readUntil(500, Duration.ofSeconds(60));
                assertThat(gateOutput.first.size()).as("decisions before the kill").isBetween(500, INTENTS / 2);
                PipelineProcesses.kill(first);
                // What the gate decides again after the restart, it decides otherwise.
                Files.writeString(policy, DENY_ALL);
                pipelines.start();
            }
        }
        producer.flush();

        gateOutput.readUntil(INTENTS, Duration.ofSeconds(180));
        assertThat(gateOutput.first).as("every intent decided").hasSize(INTENTS);
        Map<String, String> expected = gateOutput.first;
        List<String> verdictsExpected = expected.entrySet().stream().filter(e -> !e.getValue().equals(REVIEW)).map(Map.Entry::getKey).toList();

        KafkaConsumer<String, Verdict> verdictReader = fixture.reader(Topics.VERDICTS);
        List<ConsumerRecord<String, Verdict>> read = new ArrayList<>(PipelineFixture.readUntil(verdictReader, Duration.ofSeconds(180),
                r -> r.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(verdictsExpected)));
        // A little longer, so a second verdict written after the last first one would still be seen.
        read.addAll(PipelineFixture.readUntil(verdictReader, Duration.ofSeconds(2), r -> false));
        Map<String, List<String>> ours = read.stream().filter(r -> r.key().startsWith(run)).collect(Collectors.groupingBy(
                ConsumerRecord::key, Collectors.mapping(r -> r.value().getOutcome().name(), Collectors.toList())));
        Map<String, Object> wrong = new HashMap<>();
        for (String id : verdictsExpected) {
            if (!List.of(expected.get(id)).equals(ours.get(id))) {
                wrong.put(id, "first decision " + expected.get(id) + ", verdicts " + ours.get(id));
            }
        }
        assertThat(wrong).as("each decided intent has one verdict: its first decision").isEmpty();
        List<String> reviews = expected.entrySet().stream().filter(e -> e.getValue().equals(REVIEW)).map(Map.Entry::getKey).toList();
        assertThat(ours.keySet()).as("reviews wait for a person").doesNotContainAnyElementsOf(reviews);

        KafkaConsumer<String, ApprovalRequest> requests = fixture.reader(Topics.APPROVAL_REQUESTS);
        Map<String, Long> requestCount = PipelineFixture.readUntil(requests, Duration.ofSeconds(60),
                        got -> got.stream().map(r -> r.value().getIntentId()).collect(Collectors.toSet()).containsAll(reviews)).stream()
                .map(r -> r.value().getIntentId()).filter(id -> id.startsWith(run))
                .collect(Collectors.groupingBy(k -> k, Collectors.counting()));
        assertThat(requestCount.keySet()).as("every first review has its approval request, and nothing else has one")
                .containsExactlyInAnyOrderElementsOf(reviews);
        assertThat(requestCount.values()).as("and only one").containsOnly(1L);

        Map<String, List<String>> chained = new HashMap<>();
        List<String> findings = AuditChains.findings(fixture, chainsStart, r -> {
            String id = r.get("intentId").toString();
            String type = r.get("eventType").toString();
            if (id.startsWith(run) && (type.equals("VERDICT") || type.equals("APPROVAL_REQUESTED"))) {
                chained.computeIfAbsent(id, k -> new ArrayList<>())
                        .add(type.equals("VERDICT") ? ((GenericRecord) r.get("event")).get("outcome").toString() : REVIEW);
            }
        });
        assertThat(findings).as("the audit chains verify after the crash").isEmpty();
        Map<String, Object> chainedWrong = new HashMap<>();
        expected.forEach((id, decision) -> {
            if (!List.of(decision).equals(chained.get(id))) {
                chainedWrong.put(id, "first decision " + decision + ", chained " + chained.get(id));
            }
        });
        assertThat(chainedWrong).as("each intent's one decision in the chain is its first").isEmpty();
        System.out.printf("FirstWinsCrashIT: %d intents decided again after the kill, %d of them differently; each first decision stood%n",
                gateOutput.again, gateOutput.differently);
    }

    /**
     * The gate's output as an agent's fast view reads it: the batches on {@code countersign.audit.unchained} in each
     * partition's order (read_committed), the first decision of each of this run's intents kept.
     */
    private final class GateOutput implements AutoCloseable {
        final Map<String, String> first = new HashMap<>();
        int again;
        int differently;
        private final String run;
        private final KafkaConsumer<String, AuditRecordBatch> consumer;

        GateOutput(String run, Map<TopicPartition, Long> from) {
            this.run = run;
            this.consumer = new KafkaConsumer<>(fixture.kafka.clientProperties(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                    new StringDeserializer(), Topics.AUDIT_UNCHAINED.valueSerde(fixture.registry).deserializer());
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
        }

        @Override
        public void close() {
            consumer.close();
        }

        void readUntil(int decided, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (first.size() < decided && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    List<AuditRecord> events = r.value().getEvents();
                    String id = events.get(0).getIntentId();
                    if (!id.startsWith(run) || !events.get(0).getEventType().name().equals("RECEIVED")) {
                        return;
                    }
                    String decision = events.stream().map(AuditRecord::getEvent).filter(Verdict.class::isInstance)
                            .map(v -> ((Verdict) v).getOutcome().name()).findFirst().orElse(REVIEW);
                    String before = first.putIfAbsent(id, decision);
                    if (before != null) {
                        again++;
                        differently += Objects.equals(before, decision) ? 0 : 1;
                    }
                });
            }
        }
    }
}
