package io.countersign.processors.topology;

import io.countersign.contracts.topics.Topics;
import io.countersign.processors.SecretCorpus;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.DeadLetter;
import io.countersign.schema.ExecutionReport;
import io.countersign.schema.ExecutionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Intents whose parameters, reason, targets and destination carry every secret of the credential corpus,
 * an execution report quoting them, a reused intent id and an invalid intent carrying them: no secret
 * reaches any topic the pipeline writes, and a dead letter of an intent carries no value.
 */
class SecretMaskingTopologyTest {

    private final TopologyHarness h = new TopologyHarness();
    private final SecretCorpus corpus = SecretCorpus.load();

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void noSecretOfTheCorpusLeavesTheIntentsTopic() {
        h.label("pg://crm/customers", "PII");
        // PII outside: an approval request (its targets readable: a target with a password in it is denied outright)
        h.submit(corpus.intent("i-review", "db.export").setTargets(List.of("pg://crm/customers")).build());
        h.submit(corpus.intent("i-denied", "db.export").build());          // a password in a target: denied, audited masked
        h.submit(corpus.intent("i-allowed", "db.read").setDestination(null).build());
        h.submit(corpus.intent("i-allowed", "db.read").setAction("db.copy").build()); // reused id: a dead letter
        h.submit(corpus.intent("i-invalid", "db.read").setPrincipal(" ").build());     // invalid: a dead letter
        h.executions.pipeInput("i-allowed", ExecutionReport.newBuilder().setIntentId("i-allowed").setAgentId("agent:exporter")
                .setStatus(ExecutionStatus.SUCCEEDED).setExecutedHash("a".repeat(64))
                .setOutputDatasets(List.of(corpus.intent("x", "x").build().getTargets().get(1)))
                .setDetail(corpus.intent("x", "x").build().getReason())
                .setReportedAt(Instant.now()).build());

        List<Object> written = new ArrayList<>();
        written.addAll(h.requests.readValuesToList());
        written.addAll(h.verdicts.readValuesToList());
        written.addAll(h.unchained.readValuesToList());
        written.addAll(h.audit.readValuesToList());
        List<DeadLetter> letters = h.deadLetters.readValuesToList();
        written.addAll(letters);

        assertThat(written).extracting(Object::getClass).extracting(Class::getSimpleName)
                .contains("ApprovalRequest", "Verdict", "AuditRecordBatch", "AuditRecord", "DeadLetter");
        for (Object record : written) {
            assertThat(corpus.foundIn(record.toString())).as("secrets in %s", record.getClass().getSimpleName()).isEmpty();
        }
        assertThat(letters).hasSize(2).allSatisfy(d -> {
            assertThat(d.getSourceTopic()).isEqualTo(Topics.INTENTS.name());
            assertThat(d.getValue()).as("a dead letter of an intent keeps no value").isNull();
        });
    }
}
