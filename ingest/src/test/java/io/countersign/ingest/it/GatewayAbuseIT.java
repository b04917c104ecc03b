package io.countersign.ingest.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.ingest.IngestConfig;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.countersign.ingest.it.GatewayFixture.AGENT_KEY;
import static io.countersign.ingest.it.GatewayFixture.STEWARD_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway against an agent (or anyone on the network) that misbehaves on purpose: hundreds of
 * connections that trickle their headers or bodies, an idempotency key reused for another request,
 * execution reports for intents nobody submitted, and reads of intents whose agent this instance does
 * not know yet.
 */
@WithCountersignStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayAbuseIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private GatewayFixture fixture;
    private URI url;

    @BeforeAll
    void start(Endpoints endpoints) throws Exception {
        fixture = new GatewayFixture(endpoints);
        fixture.startPipeline();
        url = fixture.gateway(0, IngestConfig.DEFAULTS).url();
    }

    @AfterAll
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void threeHundredSlowConnectionsDoNotStopANormalClientAndAreCutOff() throws Exception {
        try (SlowClients slow = SlowClients.open(url.getPort(), 300, GatewayFixture.OTHER_AGENT_KEY,
                GatewayFixture.LINEAGE_KEY)) {
            slow.trickleFor(Duration.ofSeconds(3)); // long enough for every one of them to reach a request handler
            HttpResponse<String> accepted = fixture.http.send(HttpRequest.newBuilder(url.resolve("/v1/intents")).timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + AGENT_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(IngestGatewayIT.intent("db.read", "pg://web/pages", false, null))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String id = JSON.readTree(accepted.body()).get("intentId").asText();
            JsonNode verdict = JSON.readTree(fixture.get(url, "/v1/intents/" + id + "?wait=20s", AGENT_KEY).body());
            assertThat(verdict.get("status").asText()).isEqualTo("ALLOWED");
            // Every slow connection is answered (401 / 408) or closed within the header and body deadlines.
            int open = slow.trickleUntilAllCutOff(Duration.ofSeconds(40));
            assertThat(open).as("slow connections still open").isZero();
            assertThat(slow.statuses()).containsOnlyKeys(401, 408);
        }
    }

    @Test
    void anIdempotencyKeyReusedForAnotherRequestIs422() throws Exception {
        String key = "reuse-" + UUID.randomUUID();
        String first = IngestGatewayIT.intent("db.read", "pg://web/pages", false, key);
        assertThat(fixture.post(url, "/v1/intents", AGENT_KEY, first).statusCode()).isEqualTo(202);
        long intents = fixture.count(Topics.INTENTS.name());
        HttpResponse<String> replay = fixture.post(url, "/v1/intents", AGENT_KEY, first);
        assertThat(replay.statusCode()).isEqualTo(202);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
        for (String other : List.of(first.replace("pg://web/pages", "pg://web/users"), first.replace("monthly report", "another reason"))) {
            HttpResponse<String> reused = fixture.post(url, "/v1/intents", AGENT_KEY, other);
            assertThat(reused.statusCode()).as(reused.body()).isEqualTo(422);
            assertThat(JSON.readTree(reused.body()).get("message").asText()).contains("already used for a different request payload");
        }
        assertThat(fixture.count(Topics.INTENTS.name())).isEqualTo(intents);
    }

    @Test
    void anExecutionReportForAnIntentNobodySubmittedIs404AndAudited() throws Exception {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> r = fixture.post(url, "/v1/intents/" + id + "/execution", AGENT_KEY,
                "{\"status\": \"SUCCEEDED\", \"executedHash\": \"" + "a".repeat(64) + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
        assertThat(auditEvents(id, Duration.ofSeconds(30))).contains("EXECUTION", "VIOLATION:EXECUTED_WITHOUT_VERDICT");
    }

    @Test
    void anIntentWhoseAgentIsNotKnownHereIsReadableOnlyByApproversAndStewards() throws Exception {
        String id = UUID.randomUUID().toString();
        try (KafkaProducer<String, Verdict> p = new KafkaProducer<>(fixture.kafka.clientProperties(Map.of(ProducerConfig.ACKS_CONFIG, "all")),
                new StringSerializer(), Topics.VERDICTS.valueSerde(fixture.registry).serializer())) {
            p.send(new ProducerRecord<>(Topics.VERDICTS.name(), id, Verdict.newBuilder().setIntentId(id).setOutcome(Outcome.ALLOWED)
                    .setDecidedBy(DecidedBy.POLICY).setPolicyVersion("v1").setIntentHash("b".repeat(64))
                    .setReceivedAt(Instant.now()).setDecidedAt(Instant.now()).build())).get();
        }
        HttpResponse<String> steward = fixture.get(url, "/v1/intents/" + id, STEWARD_KEY);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (steward.statusCode() == 404 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            steward = fixture.get(url, "/v1/intents/" + id, STEWARD_KEY);
        }
        assertThat(steward.statusCode()).as("the view has the verdict").isEqualTo(200);
        HttpResponse<String> agent = fixture.get(url, "/v1/intents/" + id, AGENT_KEY);
        assertThat(agent.statusCode()).as(agent.body()).isEqualTo(404);
    }

    /** The audit events chained for {@code intentId} ("TYPE" or "TYPE:note"), once at least two are there or the time is up. */
    private List<String> auditEvents(String intentId, Duration within) {
        var props = fixture.kafka.clientProperties(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        List<String> found = new java.util.ArrayList<>();
        try (KafkaConsumer<String, AuditRecord> c = new KafkaConsumer<>(props, new StringDeserializer(),
                Topics.AUDIT.valueSerde(fixture.registry).deserializer())) {
            c.subscribe(List.of(Topics.AUDIT.name()));
            long deadline = System.nanoTime() + within.toNanos();
            while (found.size() < 2 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, AuditRecord> r : c.poll(Duration.ofMillis(200))) {
                    if (r.value().getIntentId().equals(intentId)) {
                        AuditEventType type = r.value().getEventType();
                        found.add(type == AuditEventType.VIOLATION ? type + ":" + r.value().getNote() : type.name());
                    }
                }
            }
        }
        return found;
    }
}
