package io.countersign.processors.it;

import io.countersign.audit.AuditLogReader;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.adapter.in.audit.AuditHistory;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.processors.domain.policy.replay.Flip;
import io.countersign.processors.domain.policy.replay.PolicyReplay;
import io.countersign.processors.domain.policy.replay.ReplayReport;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.Verdict;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Policy replay over a real audit log: intents decided by the running pipeline under one policy are read back
 * from {@code countersign.audit} and replayed through a candidate; exactly the hand-computed intents flip, with
 * the rule that made the difference, and the labels used are those recorded at classification even after the
 * dataset's label changed since.
 */
@WithCountersignStack
class PolicyReplayIT {

    private static final String IN_FORCE = """
            defaultEffect: allow
            rules:
              - id: pii-export
                condition: intent.action == 'db.export' && 'PII' in labels
                effect: review
                approvers: [data-stewards]
                quorum: 1
                ttl: 1h
            """;
    private static final String CANDIDATE = """
            defaultEffect: allow
            rules:
              - id: pii-export
                condition: intent.action == 'db.export' && 'PII' in labels
                effect: review
                approvers: [data-stewards]
                quorum: 1
                ttl: 1h
              - id: no-finance-reads
                condition: intent.action == 'db.read' && 'FINANCE' in labels
                effect: deny
            """;

    @Test
    void exactlyTheIntentsTheCandidateDecidesDifferentlyFlipOnTheLabelsOfTheirTime(Endpoints endpoints) throws Exception {
        String run = "replay-" + UUID.randomUUID();
        Instant start = Instant.now().minusSeconds(1);
        try (PipelineFixture fixture = new PipelineFixture(endpoints); StreamProcessors pipeline = fixture.start(IN_FORCE)) {
            fixture.declare("pg://" + run + "/ledger", "FINANCE");
            fixture.declare("pg://" + run + "/customers", "PII");
            fixture.declare("pg://" + run + "/pages", "PUBLIC");
            Thread.sleep(2_000); // the labels reach the pipeline's global table before the intents
            KafkaProducer<String, ActionIntent> intents = fixture.producer(Topics.INTENTS);
            List<ActionIntent> sent = List.of(
                    intent(run, 1, "db.read", "ledger"),      // allow -> deny: the only flip
                    intent(run, 2, "db.read", "pages"),       // allow -> allow
                    intent(run, 3, "db.export", "customers"), // review -> review
                    intent(run, 4, "db.export", "pages"));    // allow -> allow
            for (ActionIntent i : sent) {
                intents.send(new ProducerRecord<>(Topics.INTENTS.name(), i.getIntentId(), i));
            }
            intents.flush();
            KafkaConsumer<String, Verdict> verdicts = fixture.reader(Topics.VERDICTS);
            PipelineFixture.readUntil(verdicts, Duration.ofSeconds(60),
                    got -> got.stream().filter(r -> r.value().getIntentId().startsWith(run)).count() >= 3);
            // The ledger stops being FINANCE after the fact: the replay must still see what the decision saw.
            fixture.declare("pg://" + run + "/ledger", "PUBLIC");

            // The audit log is chained a moment after the decisions: replay until all four are in it.
            ReplayReport report = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> replay(fixture, run, start), r -> r.replayed() == 4);
            assertThat(report.flips()).extracting(Flip::intentId, Flip::transition, Flip::cause)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(run + "-1", "allow→deny", "no-finance-reads"));
            assertThat(report.byTransition()).containsExactly(Map.entry("allow→deny", 1L));
        }
    }

    private static ReplayReport replay(PipelineFixture fixture, String run, Instant start) {
        try (AuditLogReader reader = AuditLogReader.open(fixture.kafka.clientProperties(Map.of()), fixture.registry)) {
            return PolicyReplay.replay(AuditHistory.read(reader, Topics.AUDIT.name(), start, Instant.now().plusSeconds(60),
                    i -> i.getIntentId().startsWith(run)), PolicyLoader.parse(CANDIDATE, "candidate.yaml"), 100, n -> { });
        }
    }

    private static ActionIntent intent(String run, int n, String action, String dataset) {
        return PipelineFixture.intent(run + "-" + n).setAction(action).setTargets(List.of("pg://" + run + "/" + dataset)).build();
    }
}
