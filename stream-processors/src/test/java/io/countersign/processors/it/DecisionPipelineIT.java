package io.countersign.processors.it;

import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.processors.StreamProcessors;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.Destination;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision pipeline on the real broker and registry: thousands of intents each get exactly one
 * correct verdict although the application is stopped and restarted mid-run, and a pending review
 * expires to DENIED even when the deadline passes while the pipeline is down.
 */
@WithCountersignStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionPipelineIT {

    private static final String POLICY = """
            defaultEffect: allow
            rules:
              - id: secret-out
                condition: "'SECRET' in labels && intent.destination.external"
                effect: deny
              - id: iam-prod
                condition: intent.action.startsWith('iam.') && env == 'prod'
                effect: review
                approvers: [security-oncall]
                quorum: 1
                ttl: 1h
              - id: quick-export-review
                condition: intent.action == 'db.export' && 'PII' in labels
                effect: review
                approvers: [data-stewards]
                quorum: 1
                ttl: 3s
            """;

    private PipelineFixture fixture;

    @BeforeAll
    void provision(Endpoints endpoints) throws Exception {
        fixture = new PipelineFixture(endpoints);
        fixture.declare("pg://web/pages", "PUBLIC");
        fixture.declare("vault://prod/keys", "SECRET");
        fixture.declare("pg://crm/customers", "PII");
    }

    @AfterAll
    void close() throws Exception {
        fixture.close();
    }

    /** What intent number {@code i} is, and the verdict it must get. */
    private static ActionIntent loadIntent(String run, int i) {
        ActionIntent.Builder b = PipelineFixture.intent(run + "-" + i);
        if (i % 10 == 0) {
            return b.setAction("db.export").setTargets(List.of("vault://prod/keys"))
                    .setDestination(Destination.newBuilder().setUri("s3://outside").setExternal(true).build()).build();
        }
        if (i % 50 == 1) {
            return b.setAction("iam.role.grant").setTargets(List.of()).build();
        }
        return b.setAction("db.read").setTargets(List.of("pg://web/pages")).build();
    }

    @Test
    void tenThousandIntentsGetExactlyOneCorrectVerdictEachAcrossARestart() throws Exception {
        String run = "load-" + UUID.randomUUID();
        int total = Integer.getInteger("countersign.it.intents", 10_000);
        KafkaProducer<String, ActionIntent> intents = fixture.producer(Topics.INTENTS);
        KafkaConsumer<String, Verdict> verdicts = fixture.reader(Topics.VERDICTS);
        KafkaConsumer<String, ApprovalRequest> requests = fixture.reader(Topics.APPROVAL_REQUESTS);

        StreamProcessors first = fixture.start(POLICY);
        for (int i = 0; i < total / 2; i++) {
            ActionIntent intent = loadIntent(run, i);
            intents.send(new ProducerRecord<>(Topics.INTENTS.name(), intent.getIntentId(), intent));
        }
        intents.flush();
        first.close(); // mid-run: part of the first half is still unprocessed or uncommitted
        try (StreamProcessors second = fixture.start(POLICY)) {
            for (int i = total / 2; i < total; i++) {
                ActionIntent intent = loadIntent(run, i);
                intents.send(new ProducerRecord<>(Topics.INTENTS.name(), intent.getIntentId(), intent));
            }
            intents.flush();

            // Every review intent waits for a person: exactly one request each, approved by security on-call.
            long reviews = java.util.stream.IntStream.range(0, total).filter(i -> i % 50 == 1 && i % 10 != 0).count();
            List<ConsumerRecord<String, ApprovalRequest>> asked = PipelineFixture.readUntil(requests, Duration.ofSeconds(120),
                    read -> read.stream().filter(r -> r.value().getIntentId().startsWith(run)).count() >= reviews);
            Map<String, Long> requestsPerIntent = asked.stream().filter(r -> r.value().getIntentId().startsWith(run))
                    .collect(Collectors.groupingBy(r -> r.value().getIntentId(), Collectors.counting()));
            assertThat(requestsPerIntent).hasSize((int) reviews).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
            KafkaProducer<String, ApprovalDecision> decisions = fixture.producer(Topics.APPROVAL_DECISIONS);
            for (ConsumerRecord<String, ApprovalRequest> r : asked) {
                ApprovalRequest req = r.value();
                if (req.getIntentId().startsWith(run)) {
                    decisions.send(new ProducerRecord<>(Topics.APPROVAL_DECISIONS.name(), req.getRequestId(), approve(req)));
                }
            }
            decisions.flush();

            List<ConsumerRecord<String, Verdict>> got = PipelineFixture.readUntil(verdicts, Duration.ofSeconds(180),
                    read -> read.stream().filter(r -> r.key().startsWith(run)).count() >= total);
            Map<String, List<Verdict>> byIntent = got.stream().filter(r -> r.key().startsWith(run))
                    .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
            assertThat(byIntent).hasSize(total);
            Map<String, Integer> wrong = new HashMap<>();
            for (int i = 0; i < total; i++) {
                List<Verdict> vs = byIntent.get(run + "-" + i);
                assertThat(vs).as("verdicts for intent %d", i).hasSize(1);
                Verdict v = vs.get(0);
                boolean correct = i % 10 == 0 ? v.getOutcome() == Outcome.DENIED && v.getDecidedBy() == DecidedBy.POLICY
                        : i % 50 == 1 ? v.getOutcome() == Outcome.ALLOWED && v.getDecidedBy() == DecidedBy.APPROVERS
                        : v.getOutcome() == Outcome.ALLOWED && v.getDecidedBy() == DecidedBy.POLICY;
                if (!correct) {
                    wrong.put(v.getIntentId(), i);
                }
            }
            assertThat(wrong).as("intents with a wrong verdict").isEmpty();
        }
    }

    @Test
    void aReviewWhoseDeadlinePassesWhileThePipelineIsDownExpiresToDeniedAfterTheRestart() throws Exception {
        String id = "expiry-" + UUID.randomUUID();
        KafkaConsumer<String, ApprovalRequest> requests = fixture.reader(Topics.APPROVAL_REQUESTS);
        KafkaConsumer<String, Verdict> verdicts = fixture.reader(Topics.VERDICTS);
        ActionIntent intent = PipelineFixture.intent(id).setAction("db.export").setTargets(List.of("pg://crm/customers")).build();

        try (StreamProcessors running = fixture.start(POLICY)) {
            KafkaProducer<String, ActionIntent> intents = fixture.producer(Topics.INTENTS);
            intents.send(new ProducerRecord<>(Topics.INTENTS.name(), id, intent));
            intents.flush();
            List<ConsumerRecord<String, ApprovalRequest>> asked = PipelineFixture.readUntil(requests, Duration.ofSeconds(60),
                    read -> read.stream().anyMatch(r -> r.value().getIntentId().equals(id)));
            assertThat(asked).anySatisfy(r -> assertThat(r.value().getIntentId()).isEqualTo(id));
        }
        Thread.sleep(4_000); // the 3 s deadline passes while nothing runs
        try (StreamProcessors restarted = fixture.start(POLICY)) {
            List<ConsumerRecord<String, Verdict>> got = PipelineFixture.readUntil(verdicts, Duration.ofSeconds(60),
                    read -> read.stream().anyMatch(r -> r.key().equals(id)));
            assertThat(got).filteredOn(r -> r.key().equals(id)).singleElement().satisfies(r -> {
                assertThat(r.value().getOutcome()).isEqualTo(Outcome.DENIED);
                assertThat(r.value().getDecidedBy()).isEqualTo(DecidedBy.EXPIRED);
            });
        }
    }

    private ApprovalDecision approve(ApprovalRequest req) throws java.io.IOException {
        return fixture.apiKeys.signer().sign(ApprovalDecision.newBuilder().setDecisionId(UUID.randomUUID().toString()).setRequestId(req.getRequestId())
                .setIntentId(req.getIntentId()).setIntentHash(req.getIntentHash()).setApprover("user:sam@example.com")
                .setDecision(DecisionKind.APPROVE).setReason("checked the ticket").setChannel("api")
                .setDecidedAt(Instant.now()).build());
    }
}
