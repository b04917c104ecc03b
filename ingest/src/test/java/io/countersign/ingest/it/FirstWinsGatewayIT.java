package io.countersign.ingest.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.ingest.IngestConfig;
import io.countersign.ingest.IngestGateway;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.countersign.ingest.it.GatewayFixture.AGENT_KEY;
import static io.countersign.ingest.it.GatewayFixture.STEWARD_KEY;
import static io.countersign.ingest.it.IngestGatewayIT.enc;
import static io.countersign.ingest.it.IngestGatewayIT.intent;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway behind the first-wins pipeline ({@code stream-processors.gate: first-wins}, {@code ingest.gateDecisions: true}):
 * an agent is answered from the gate's decision, the audit chain then writes the same verdict to {@code countersign.verdicts},
 * a review waits for a person as before, and an execution reported as soon as the agent has its answer is no violation.
 */
@WithCountersignStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FirstWinsGatewayIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private GatewayFixture fixture;
    private URI url;

    @BeforeAll
    void start(Endpoints endpoints) throws Exception {
        fixture = new GatewayFixture(endpoints);
        fixture.startFirstWinsPipeline();
        IngestGateway gateway = fixture.gateway(0, IngestConfig.DEFAULTS.withGateDecisions(true));
        url = gateway.url();
        assertThat(fixture.send(url, "PUT", "/v1/datasets/" + enc("pg://crm/customers") + "/labels", STEWARD_KEY,
                "{\"labels\": [\"pii\"], \"owners\": [\"user:carol@example.com\"]}", Map.of()).statusCode()).isEqualTo(200);
    }

    @AfterAll
    void stop() throws Exception {
        fixture.close();
    }

    private String submit(String body) throws Exception {
        HttpResponse<String> r = fixture.post(url, "/v1/intents", AGENT_KEY, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return JSON.readTree(r.body()).get("intentId").asText();
    }

    private JsonNode status(String id, String wait) throws Exception {
        return JSON.readTree(fixture.get(url, "/v1/intents/" + id + "?wait=" + wait, AGENT_KEY).body());
    }

    @Test
    void anAgentIsAnsweredFromTheGatesDecisionAndItsExecutionRightAfterIsNoViolation() throws Exception {
        String id = submit(intent("db.read", "pg://web/pages", false, null));
        JsonNode answer = status(id, "20s");
        assertThat(answer.get("status").asText()).isEqualTo("ALLOWED");
        String hash = answer.at("/verdict/intentHash").asText();
        // At once, as an agent would: the audit chain may not have written the verdict yet.
        HttpResponse<String> report = fixture.post(url, "/v1/intents/" + id + "/execution", AGENT_KEY,
                "{\"status\": \"STARTED\", \"executedHash\": \"" + hash + "\"}");
        assertThat(report.statusCode()).as(report.body()).isEqualTo(202);

        Verdict written = fixture.written(Topics.VERDICTS, v -> v.getIntentId().equals(id));
        assertThat(written.getOutcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(written.getIntentHash()).isEqualTo(hash);
        List<AuditEventType> events = chainedEventsOf(id, Duration.ofSeconds(5));
        assertThat(events).as("chained once, the execution checked against the verdict").containsExactlyInAnyOrder(
                AuditEventType.RECEIVED, AuditEventType.CLASSIFIED, AuditEventType.VERDICT, AuditEventType.EXECUTION);
    }

    @Test
    void aReviewWaitsForAStewardAsBehindTheExactlyOnceGate() throws Exception {
        String id = submit(intent("db.export", "pg://crm/customers", true, null));
        assertThat(status(id, "5s").get("status").asText()).isEqualTo("PENDING_REVIEW");
        fixture.decide(id, fixture.requestHash(id), "user:carol@example.com", DecisionKind.APPROVE);
        JsonNode decided = status(id, "20s");
        assertThat(decided.get("status").asText()).isEqualTo("ALLOWED");
        assertThat(decided.at("/verdict/decidedBy").asText()).isEqualTo("APPROVERS");
    }

    /** The audit events chained for {@code intentId}, read until its EXECUTION event and then {@code settle} longer. */
    private List<AuditEventType> chainedEventsOf(String intentId, Duration settle) {
        List<AuditEventType> events = new ArrayList<>();
        try (KafkaConsumer<String, AuditRecord> c = new KafkaConsumer<>(fixture.kafka.clientProperties(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")), new StringDeserializer(),
                Topics.AUDIT.valueSerde(fixture.registry).deserializer())) {
            c.subscribe(List.of(Topics.AUDIT.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long settled = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settled)) {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() != null && r.value().getIntentId().equals(intentId)) {
                        events.add(r.value().getEventType());
                    }
                });
                if (settled == Long.MAX_VALUE && events.contains(AuditEventType.EXECUTION)) {
                    settled = System.nanoTime() + settle.toNanos();
                }
            }
        }
        return events;
    }
}
