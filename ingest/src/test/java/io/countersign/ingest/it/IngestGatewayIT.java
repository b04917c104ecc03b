package io.countersign.ingest.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.audit.AuditHasher;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.ingest.IngestConfig;
import io.countersign.ingest.IngestGateway;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.ExecutionReport;
import io.countersign.schema.IntentRefusal;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.countersign.ingest.it.GatewayFixture.AGENT_KEY;
import static io.countersign.ingest.it.GatewayFixture.OTHER_AGENT_KEY;
import static io.countersign.ingest.it.GatewayFixture.STEWARD_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway on the real broker and registry with the decision pipeline running: intents are written
 * only once Kafka has them, verdicts reach the agent through any instance and across a restart, and
 * retries with an idempotency key never make a second intent.
 */
@WithCountersignStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestGatewayIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private GatewayFixture fixture;
    private IngestGateway gateway;
    private URI url;

    @BeforeAll
    void start(Endpoints endpoints) throws Exception {
        fixture = new GatewayFixture(endpoints);
        fixture.startPipeline();
        gateway = fixture.gateway(0, IngestConfig.DEFAULTS);
        url = gateway.url();
        assertThat(fixture.send(url, "PUT", "/v1/datasets/" + enc("pg://crm/customers") + "/labels", STEWARD_KEY,
                "{\"labels\": [\"pii\"], \"owners\": [\"user:carol@example.com\"]}", Map.of()).statusCode()).isEqualTo(200);
        assertThat(fixture.send(url, "PUT", "/v1/datasets/" + enc("vault://prod/keys") + "/labels", STEWARD_KEY,
                "{\"labels\": [\"SECRET\"]}", Map.of()).statusCode()).isEqualTo(200);
    }

    @AfterAll
    void stop() throws Exception {
        fixture.close();
    }

    static String enc(String uri) {
        return URLEncoder.encode(uri, StandardCharsets.UTF_8);
    }

    static String intent(String action, String target, boolean external, String key) {
        return "{\"action\": \"" + action + "\", \"principal\": \"user:alice@example.com\", \"targets\": [\"" + target + "\"],"
                + (external ? " \"destination\": {\"uri\": \"s3://partner/drop.csv\", \"external\": true}," : "")
                + " \"parameters\": {\"format\": \"csv\"}, \"reason\": \"monthly report\", \"framework\": \"langgraph\""
                + (key == null ? "" : ", \"idempotencyKey\": \"" + key + "\"") + "}";
    }

    private JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private String submit(URI base, String body) throws Exception {
        HttpResponse<String> r = fixture.post(base, "/v1/intents", AGENT_KEY, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
        return json(r).get("intentId").asText();
    }

    @Test
    void anAllowedIntentGetsItsVerdictByLongPoll() throws Exception {
        String id = submit(url, intent("db.read", "pg://web/pages", false, null));
        JsonNode status = json(fixture.get(url, "/v1/intents/" + id + "?wait=20s", AGENT_KEY));
        assertThat(status.get("status").asText()).isEqualTo("ALLOWED");
        assertThat(status.at("/verdict/decidedBy").asText()).isEqualTo("POLICY");
        assertThat(status.at("/verdict/intentHash").asText()).hasSize(64);
    }

    @Test
    void policyDenialsAreReportedWithTheRule() throws Exception {
        String id = submit(url, intent("db.export", "vault://prod/keys", true, null));
        JsonNode status = json(fixture.get(url, "/v1/intents/" + id + "?wait=20s", AGENT_KEY));
        assertThat(status.get("status").asText()).isEqualTo("DENIED");
        assertThat(status.at("/verdict/matchedRules/0/id").asText()).isEqualTo("secret-out");
    }

    @Test
    void aReviewIsPendingUntilAHumanDecidesAndTheVerdictSurvivesAGatewayRestart() throws Exception {
        IngestGateway second = fixture.gateway(0, IngestConfig.DEFAULTS);
        String id = submit(second.url(), intent("db.export", "pg://crm/customers", true, null));
        // The other instance knows the intent and that it waits for review.
        JsonNode pending = json(fixture.get(url, "/v1/intents/" + id + "?wait=2s", AGENT_KEY));
        assertThat(pending.get("status").asText()).isEqualTo("PENDING_REVIEW");
        int port = second.url().getPort();
        CompletableFuture<HttpResponse<String>> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return fixture.get(url, "/v1/intents/" + id + "?wait=30s", AGENT_KEY);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        second.close();
        fixture.decide(id, fixture.requestHash(id), "user:carol@example.com", DecisionKind.APPROVE);
        // The long-poll on the first instance returns as soon as the verdict arrives ...
        JsonNode decided = json(poll.get());
        assertThat(decided.get("status").asText()).isEqualTo("ALLOWED");
        assertThat(decided.at("/verdict/decisions/0/approver").asText()).isEqualTo("user:carol@example.com");
        // ... and the restarted instance rebuilds the verdict from Kafka.
        IngestGateway restarted = fixture.gateway(port, IngestConfig.DEFAULTS);
        JsonNode after = json(fixture.get(restarted.url(), "/v1/intents/" + id, AGENT_KEY));
        assertThat(after.get("status").asText()).isEqualTo("ALLOWED");
        assertThat(after.at("/verdict/decidedBy").asText()).isEqualTo("APPROVERS");
    }

    @Test
    void retriesWithTheSameIdempotencyKeyNameTheSameIntentAndWriteItOnce() throws Exception {
        String key = "retry-" + UUID.randomUUID();
        long before = fixture.count(Topics.INTENTS.name());
        String first = submit(url, intent("db.read", "pg://web/pages", false, key));
        HttpResponse<String> again = fixture.send(url, "POST", "/v1/intents", AGENT_KEY, intent("db.read", "pg://web/pages", false, null),
                Map.of("Idempotency-Key", key));
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json(again).get("intentId").asText()).isEqualTo(first);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(fixture.count(Topics.INTENTS.name()) - before).isEqualTo(1);
    }

    @Test
    void aKeyMayNameOnlyItsOwnerOrThePrincipalsListedForItAndARefusalIsRecorded() throws Exception {
        String target = "pg://web/refused-" + UUID.randomUUID();
        String forBob = intent("db.read", target, false, null).replace("user:alice@example.com", "user:bob@example.com");
        HttpResponse<String> notListed = fixture.post(url, "/v1/intents", AGENT_KEY, forBob);
        assertThat(notListed.statusCode()).isEqualTo(403);
        assertThat(json(notListed).get("error").asText()).isEqualTo("principal_not_allowed");
        assertThat(json(notListed).get("message").asText())
                .contains("may act only for user:olga@example.com (its owner), user:alice@example.com").doesNotContain("bob");
        IntentRefusal refusal = fixture.written(Topics.INTENTS_REFUSED, r -> r.getTargets().contains(target));
        assertThat(refusal.getPrincipal()).isEqualTo("user:bob@example.com");
        assertThat(refusal.getAgent().getId()).isEqualTo("agent:exporter");
        assertThat(refusal.getAgent().getOwner()).isEqualTo("user:olga@example.com");
        assertThat(refusal.getKeyId()).isEqualTo("key-agent:exporter");
        assertThat(refusal.getAction()).isEqualTo("db.read");
        assertThat(refusal.getError()).isEqualTo("principal_not_allowed");
        assertThat(refusal.getReason()).isEqualTo("principal not allowed for this key");
        assertThat(json(notListed).get("intentId").asText()).as("the answer names the id the refusal is audited under")
                .isEqualTo(refusal.getIntentId());
        assertThat(refusal.toString()).as("no parameters, no free text").doesNotContain("csv", "monthly report", "langgraph");
        // The pipeline audits it: chained on countersign.audit like every event, with the reason and the claimed principal.
        AuditRecord audited = fixture.written(Topics.AUDIT, a -> a.getEventType() == AuditEventType.REFUSED_AT_GATEWAY
                && a.getIntentId().equals(refusal.getIntentId()));
        assertThat(audited.getActor()).isEqualTo("agent:exporter");
        assertThat(audited.getNote()).isEqualTo("principal_not_allowed: principal not allowed for this key");
        assertThat(audited.getEvent()).isInstanceOfSatisfying(IntentRefusal.class, r -> {
            assertThat(r.getPrincipal()).isEqualTo("user:bob@example.com");
            assertThat(r.getKeyId()).isEqualTo("key-agent:exporter");
        });
        assertThat(audited.getHash()).as("sealed").isEqualTo(AuditHasher.hash(audited));
        String linkedTo = audited.getSequence() == 0 ? AuditHasher.GENESIS : fixture.written(Topics.AUDIT,
                a -> a.getChainPartition() == audited.getChainPartition() && a.getSequence() == audited.getSequence() - 1).getHash();
        assertThat(audited.getPrevHash()).as("linked to the record before it in chain %d", audited.getChainPartition()).isEqualTo(linkedTo);

        // A key without principals listed: its owner only.
        String forAlice = intent("db.read", "pg://web/pages", false, null);
        assertThat(fixture.post(url, "/v1/intents", OTHER_AGENT_KEY, forAlice).statusCode()).isEqualTo(403);
        HttpResponse<String> forOwner = fixture.post(url, "/v1/intents", OTHER_AGENT_KEY,
                forAlice.replace("user:alice@example.com", "user:olga@example.com"));
        assertThat(forOwner.statusCode()).as(forOwner.body()).isEqualTo(202);
    }

    @Test
    void anAgentCannotReadAnotherAgentsIntentOrReportItsExecution() throws Exception {
        String id = submit(url, intent("db.read", "pg://web/pages", false, null));
        assertThat(fixture.get(url, "/v1/intents/" + id, OTHER_AGENT_KEY).statusCode()).isEqualTo(404);
        HttpResponse<String> report = fixture.post(url, "/v1/intents/" + id + "/execution", OTHER_AGENT_KEY,
                "{\"status\": \"SUCCEEDED\", \"executedHash\": \"" + "a".repeat(64) + "\"}");
        assertThat(report.statusCode()).isEqualTo(403);
    }

    @Test
    void executionReportsAreWritten() throws Exception {
        String id = submit(url, intent("db.read", "pg://web/pages", false, null));
        String hash = json(fixture.get(url, "/v1/intents/" + id + "?wait=20s", AGENT_KEY)).at("/verdict/intentHash").asText();
        long before = fixture.count(Topics.EXECUTIONS.name());
        HttpResponse<String> r = fixture.post(url, "/v1/intents/" + id + "/execution", AGENT_KEY,
                "{\"status\": \"SUCCEEDED\", \"executedHash\": \"" + hash + "\", \"outputDatasets\": [\"s3://reports/x\"], \"rowsAffected\": 12}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(fixture.count(Topics.EXECUTIONS.name()) - before).isEqualTo(1);
    }

    @Test
    void anExecutionReportsDetailIsMaskedBeforeItIsWritten() throws Exception {
        String id = submit(url, intent("db.read", "pg://web/pages", false, null));
        String hash = json(fixture.get(url, "/v1/intents/" + id + "?wait=20s", AGENT_KEY)).at("/verdict/intentHash").asText();
        HttpResponse<String> r = fixture.post(url, "/v1/intents/" + id + "/execution", AGENT_KEY, "{\"executedHash\": \"" + hash
                + "\", \"detail\": \"ran with password=Hx7-unique-secret and postgres://app:Pq9-unique-secret@db/crm\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        try (KafkaConsumer<String, ExecutionReport> reader = new KafkaConsumer<>(fixture.kafka.clientProperties(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "it-executions-" + id, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
                new StringDeserializer(), Topics.EXECUTIONS.valueSerde(fixture.registry).deserializer())) {
            reader.subscribe(List.of(Topics.EXECUTIONS.name()));
            ExecutionReport written = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (written == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, ExecutionReport> rec : reader.poll(Duration.ofMillis(200))) {
                    written = id.equals(rec.key()) ? rec.value() : written;
                }
            }
            assertThat(written).as("the report on %s", Topics.EXECUTIONS.name()).isNotNull();
            assertThat(written.getDetail()).isEqualTo("ran with password=[masked:secret] and postgres://app:[masked:password]@db/crm");
        }
    }

    @Test
    void openLineageEventsBecomeEdgesAndATrustedProducersTagsAddLabelsWithoutLoweringDeclaredOnes() throws Exception {
        String output = "snowflake://acme/MARTS.CUSTOMER_DISCOUNTS";
        assertThat(fixture.send(url, "PUT", "/v1/datasets/" + enc(output) + "/labels", STEWARD_KEY, "{\"labels\": [\"FINANCE\"]}", Map.of())
                .statusCode()).isEqualTo(200);
        String event = """
                {"eventTime": "2026-11-23T10:00:00.000Z", "eventType": "COMPLETE",
                 "producer": "https://github.com/OpenLineage/OpenLineage/tree/1.40.0/integration/dbt",
                 "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                 "run": {"runId": "3f5e83fa-3480-44ff-99c5-ff943904e5e8"},
                 "job": {"namespace": "dbt", "name": "marts.customer_discounts"},
                 "inputs": [{"namespace": "snowflake://acme", "name": "RAW.CUSTOMERS",
                             "facets": {"tags": {"_producer": "https://example.com", "_schemaURL": "https://openlineage.io/spec/facets/1-0-0/TagsDatasetFacet.json",
                                                 "tags": [{"key": "sensitivity", "value": "PII", "field": "EMAIL"}]}}},
                            {"namespace": "snowflake://acme", "name": "RAW.DISCOUNTS"}],
                 "outputs": [{"namespace": "snowflake://acme", "name": "MARTS.CUSTOMER_DISCOUNTS",
                              "facets": {"tags": {"_producer": "https://example.com", "_schemaURL": "https://openlineage.io/spec/facets/1-0-0/TagsDatasetFacet.json",
                                                  "tags": [{"key": "classification", "value": "internal"}]},
                                         "columnLineage": {"_producer": "https://example.com", "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json",
                                                           "fields": {"EMAIL_HASH": {"inputFields": [{"namespace": "snowflake://acme", "name": "RAW.CUSTOMERS", "field": "EMAIL",
                                                                      "transformations": [{"type": "DIRECT", "subtype": "TRANSFORMATION", "masking": true}]}]}}}}}]}
                """;
        long edges = fixture.count(Topics.LINEAGE.name());
        HttpResponse<String> r = fixture.post(url, "/api/v1/lineage", GatewayFixture.LABEL_PRODUCER_KEY, event);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).get("edges").asInt()).isEqualTo(2);
        assertThat(json(r).get("ignoredLabels").asInt()).as("INTERNAL on a declared dataset would lower it").isEqualTo(1);
        assertThat(fixture.count(Topics.LINEAGE.name()) - edges).isEqualTo(2);
        JsonNode labels = json(fixture.get(url, "/v1/datasets/" + enc(output) + "/labels", STEWARD_KEY));
        assertThat(labels.get("labels")).extracting(JsonNode::asText).containsExactly("FINANCE");
        assertThat(json(fixture.get(url, "/v1/datasets/" + enc("snowflake://acme/RAW.CUSTOMERS") + "/labels", STEWARD_KEY)).get("labels"))
                .extracting(JsonNode::asText).containsExactly("PII");
    }

    @Test
    void anotherSpellingOfALabelledDatasetIsWrittenCanonicalAndReviewedLikeIt() throws Exception {
        String id = submit(url, intent("db.export", "PG://CRM:5432/./Customers/", true, null));
        assertThat(fixture.written(Topics.INTENTS, i -> i.getIntentId().equals(id)).getTargets()).containsExactly("pg://crm/customers");
        assertThat(json(fixture.get(url, "/v1/intents/" + id + "?wait=20s", AGENT_KEY)).get("status").asText()).isEqualTo("PENDING_REVIEW");
        // Labels declared under one spelling are read under another.
        assertThat(fixture.send(url, "PUT", "/v1/datasets/" + enc("s3://Lake//Claims/2026/") + "/labels", STEWARD_KEY,
                "{\"labels\": [\"PHI\"]}", Map.of()).statusCode()).isEqualTo(200);
        assertThat(json(fixture.get(url, "/v1/datasets/" + enc("s3://lake/Claims/%32026") + "/labels", STEWARD_KEY)).get("labels"))
                .extracting(JsonNode::asText).containsExactly("PHI");
        String read = submit(url, intent("db.read", "pg://web/pages", false, null));
        String hash = json(fixture.get(url, "/v1/intents/" + read + "?wait=20s", AGENT_KEY)).at("/verdict/intentHash").asText();
        HttpResponse<String> report = fixture.post(url, "/v1/intents/" + read + "/execution", AGENT_KEY,
                "{\"status\": \"SUCCEEDED\", \"executedHash\": \"" + hash + "\", \"outputDatasets\": [\"S3://Reports//Q3/\"]}");
        assertThat(report.statusCode()).as(report.body()).isEqualTo(202);
        assertThat(fixture.written(Topics.EXECUTIONS, e -> e.getIntentId().equals(read)).getOutputDatasets()).containsExactly("s3://reports/Q3");
    }

    @Test
    void aUriWithoutASafeCanonicalFormIsRefusedWith400NamingTheField() throws Exception {
        for (String target : List.of("pg://crm/cu%00stomers", "pg://\u0441rm/customers", "pg://admin:pw@crm/customers")) {
            HttpResponse<String> r = fixture.post(url, "/v1/intents", AGENT_KEY, intent("db.export", target, true, null));
            assertThat(r.statusCode()).as(target).isEqualTo(400);
            assertThat(json(r).get("field").asText()).isEqualTo("targets[0]");
        }
        HttpResponse<String> label = fixture.send(url, "PUT", "/v1/datasets/" + enc("pg://crm/a%2Fb") + "/labels", STEWARD_KEY,
                "{\"labels\": [\"PUBLIC\"]}", Map.of());
        assertThat(label.statusCode()).isEqualTo(400);
        assertThat(json(label).get("field").asText()).isEqualTo("uri");
    }

    @Test
    void openEndpointsAnswerWithoutAKeyAndTheMetricsTimeEachKafkaWrite() throws Exception {
        submit(url, intent("db.read", "pg://web/pages", false, null));
        assertThat(fixture.get(url, "/healthz", null).statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = fixture.get(url, "/metrics", null);
        assertThat(metrics.body()).contains("http_server_requests_seconds_count")
                .as("each acknowledged write is timed, by topic")
                .containsPattern("countersign_ingest_kafka_acknowledgement_seconds_count\\{[^}]*topic=\"countersign.intents\"[^}]*} [1-9]");
        assertThat(json(fixture.get(url, "/openapi.json", null)).get("openapi").asText()).startsWith("3.");
    }
}
