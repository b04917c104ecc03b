package io.countersign.ingest.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.ingest.IngestConfig;
import io.countersign.ingest.IngestGateway;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static io.countersign.ingest.it.GatewayFixture.AGENT_KEY;
import static io.countersign.ingest.it.GatewayFixture.CAROL_APPROVER_KEY;
import static io.countersign.ingest.it.GatewayFixture.MALLORY_APPROVER_KEY;
import static io.countersign.ingest.it.GatewayFixture.OLGA_APPROVER_KEY;
import static io.countersign.ingest.it.GatewayFixture.STEWARD_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The approval API on the real pipeline: an approver lists what they may decide, people in the
 * delegation chain or outside the eligible groups are refused with a reason and write nothing, and an
 * eligible approval becomes the agent's ALLOWED verdict.
 */
@WithCountersignStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private GatewayFixture fixture;
    private URI url;

    @BeforeAll
    void start(Endpoints endpoints) throws Exception {
        fixture = new GatewayFixture(endpoints);
        fixture.startPipeline();
        IngestGateway gateway = fixture.gateway(0, IngestConfig.DEFAULTS);
        url = gateway.url();
        fixture.send(url, "PUT", "/v1/datasets/" + IngestGatewayIT.enc("pg://crm/customers") + "/labels", STEWARD_KEY,
                "{\"labels\": [\"PII\"]}", Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        fixture.close();
    }

    private JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> decide(String requestId, String key, String body) throws Exception {
        return fixture.post(url, "/v1/approvals/" + requestId + "/decisions", key, body);
    }

    @Test
    void onlyAnEligibleApproverOutsideTheChainCanApproveAndTheAgentGetsTheVerdict() throws Exception {
        HttpResponse<String> submitted = fixture.post(url, "/v1/intents", AGENT_KEY, IngestGatewayIT.intent("db.export", "pg://crm/customers", true, null)
                .replace("\"format\": \"csv\"", "\"where\": \"email = 'bob@example.com'\""));
        String intentId = json(submitted).get("intentId").asText();
        String requestId = "ar-" + intentId;
        await().atMost(Duration.ofSeconds(20)).until(() -> listed(CAROL_APPROVER_KEY, requestId) != null);

        JsonNode listedForCarol = listed(CAROL_APPROVER_KEY, requestId);
        assertThat(listedForCarol.get("quorum").asInt()).isEqualTo(1);
        assertThat(listedForCarol.at("/targets/0/labels/0").asText()).isEqualTo("PII");
        assertThat(listedForCarol.at("/maskedParameters/where").asText()).doesNotContain("bob@example.com");
        assertThat(listed(MALLORY_APPROVER_KEY, requestId)).as("not eligible: not listed").isNull();
        assertThat(listed(OLGA_APPROVER_KEY, requestId)).as("the agent's owner: not listed").isNull();

        HttpResponse<String> owner = decide(requestId, OLGA_APPROVER_KEY, "{\"decision\": \"APPROVE\", \"reason\": \"mine\"}");
        assertThat(owner.statusCode()).isEqualTo(403);
        assertThat(json(owner).get("error").asText()).isEqualTo("in_delegation_chain");
        // The attempt is kept for auditors: written signed, refused by the pipeline, chained in the audit log.
        AuditRecord attempt = fixture.written(Topics.AUDIT, r -> r.getIntentId().equals(intentId) && r.getEventType() == AuditEventType.DECISION_REJECTED);
        assertThat(attempt.getNote()).startsWith("IN_DELEGATION_CHAIN");
        assertThat(((ApprovalDecision) attempt.getEvent()).getApprover()).isEqualTo("user:olga@example.com");
        HttpResponse<String> outsider = decide(requestId, MALLORY_APPROVER_KEY, "{\"decision\": \"APPROVE\"}");
        assertThat(outsider.statusCode()).isEqualTo(403);
        assertThat(json(outsider).get("message").asText()).contains("not in any eligible group");
        assertThat(decide(requestId, AGENT_KEY, "{\"decision\": \"APPROVE\"}").statusCode()).as("agents are not approvers").isEqualTo(403);
        HttpResponse<String> noReason = decide(requestId, CAROL_APPROVER_KEY, "{\"decision\": \"DENY\"}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(json(noReason).get("field").asText()).isEqualTo("reason");
        JsonNode waiting = json(fixture.get(url, "/v1/intents/" + intentId, AGENT_KEY));
        assertThat(waiting.get("status").asText()).isEqualTo("PENDING_REVIEW");
        // What the review waits for (the policy's pii-export rule): no approval yet of a quorum of 1 from data-stewards.
        JsonNode review = waiting.get("review");
        assertThat(review).as(waiting.toString()).isNotNull();
        assertThat(review.get("requestId").asText()).isEqualTo(requestId);
        assertThat(review.get("quorum").asInt()).isEqualTo(1);
        assertThat(review.get("approvals").asInt()).isZero();
        assertThat(review.get("eligibleGroups")).extracting(JsonNode::asText).containsExactly("data-stewards");
        assertThat(review.get("expiresAt").asText()).isEqualTo(listedForCarol.get("expiresAt").asText());
        assertThat(review.get("stepUp").asBoolean()).isFalse();
        assertThat(review.has("approvedBy")).as("an agent is not told who approved").isFalse();
        assertThat(waiting.toString()).as("nothing masked leaks").doesNotContain("bob@example.com", "email =");
        assertThat(json(fixture.get(url, "/v1/intents/" + intentId, CAROL_APPROVER_KEY)).at("/review/approvedBy").isArray()).isTrue();

        // A gateway without a decision signing key writes no decision the pipeline would reject unsigned.
        URI unsigned = fixture.gatewayWithoutDecisionKey().url();
        long written = fixture.count(Topics.APPROVAL_DECISIONS.name());
        HttpResponse<String> refused = fixture.post(unsigned, "/v1/approvals/" + requestId + "/decisions", CAROL_APPROVER_KEY,
                "{\"decision\": \"APPROVE\", \"reason\": \"partner contract checked\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(json(refused).get("error").asText()).isEqualTo("decision_signing_not_configured");
        assertThat(fixture.count(Topics.APPROVAL_DECISIONS.name())).isEqualTo(written);

        HttpResponse<String> approved = decide(requestId, CAROL_APPROVER_KEY, "{\"decision\": \"APPROVE\", \"reason\": \"partner contract checked\"}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(202);
        JsonNode verdict = json(fixture.get(url, "/v1/intents/" + intentId + "?wait=20s", AGENT_KEY));
        assertThat(verdict.get("status").asText()).isEqualTo("ALLOWED");
        assertThat(verdict.at("/verdict/decisions/0/approver").asText()).isEqualTo("user:carol@example.com");
        assertThat(verdict.at("/verdict/decisions/0/channel").asText()).isEqualTo("api");
        assertThat(verdict.at("/verdict/decisions/0/reason").asText()).isEqualTo("partner contract checked");

        await().atMost(Duration.ofSeconds(10)).until(() -> decide(requestId, CAROL_APPROVER_KEY,
                "{\"decision\": \"APPROVE\", \"reason\": \"again\"}").statusCode() == 409);
        assertThat(decide("ar-no-such-request", CAROL_APPROVER_KEY, "{\"decision\": \"APPROVE\"}").statusCode()).isEqualTo(404);
    }

    private JsonNode listed(String key, String requestId) throws Exception {
        return fixture.listed(url, key, requestId);
    }
}
