package io.countersign.ingest.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.ingest.IngestConfig;
import io.countersign.oidc.OidcConfig;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApproverAuthentication;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.AuthenticationMethod;
import io.countersign.schema.DelegationProof;
import io.countersign.schema.IntentRefusal;
import io.countersign.schema.IntentSummary;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.countersign.ingest.it.GatewayFixture.AGENT_KEY;
import static io.countersign.ingest.it.GatewayFixture.OTHER_AGENT_KEY;
import static io.countersign.ingest.it.GatewayFixture.STEWARD_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The approval API with approvers' access tokens from a real OpenID provider (mock-oauth2-server on
 * loopback): a valid token approves and the agent gets the ALLOWED verdict, recorded as the directory
 * identity its e-mail maps to; tampered and expired tokens are refused 401 with the reason and write
 * nothing; a token cannot submit intents. An agent proves whom it acts for with a token-exchange token
 * (sub the human, act.sub the agent), recorded in the audit as proven. The directory takes data-stewards from the provider
 * ({@code groupsFromToken}): only a token whose groups claim lists the provider's group counts, an API key
 * never does; security-oncall is not listed at all, so the provider alone says who is in it.
 */
@WithCountersignStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcApprovalIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER_ID = "acme";
    private static final String AUDIENCE = "countersign";
    private static final String STEWARDS_AT_IDP = "countersign-data-stewards";
    private MockOAuth2Server provider;
    private GatewayFixture fixture;
    private URI url;

    @BeforeAll
    void start(Endpoints endpoints) throws Exception {
        provider = new MockOAuth2Server();
        provider.start(InetAddress.getLoopbackAddress(), 0);
        fixture = new GatewayFixture(endpoints, """
                groups:
                  data-stewards: [user:carol@example.com, user:dave@example.com, user:olga@example.com]
                groupsFromToken:
                  data-stewards: countersign-data-stewards
                  security-oncall: countersign-oncall
                """);
        // The fixture's policy, and IAM grants reviewed by security-oncall: a group the provider alone decides here.
        fixture.startPipeline(PolicyLoader.parse(GatewayFixture.POLICY + """
                  - id: iam-grants
                    condition: intent.action.startsWith('iam.')
                    effect: review
                    approvers: [security-oncall]
                    quorum: 1
                    ttl: 1h
                """, "oidc-it-policy.yaml"));
        url = fixture.gateway(0, IngestConfig.DEFAULTS.withOidc(OidcConfig.of(provider.issuerUrl(ISSUER_ID).toString(), AUDIENCE))).url();
        fixture.send(url, "PUT", "/v1/datasets/" + IngestGatewayIT.enc("pg://crm/customers") + "/labels", STEWARD_KEY,
                "{\"labels\": [\"PII\"]}", Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        fixture.close();
        provider.shutdown();
    }

    private String token(String email, List<String> groups, long expirySeconds) {
        return provider.issueToken(ISSUER_ID, "sub-" + email, AUDIENCE, Map.of("email", email, "groups", groups), expirySeconds).serialize();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private String reviewed() throws Exception {
        HttpResponse<String> submitted = fixture.post(url, "/v1/intents", AGENT_KEY, IngestGatewayIT.intent("db.export", "pg://crm/customers", true, null));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        return json(submitted).get("intentId").asText();
    }

    private boolean listed(String bearer, String requestId) throws Exception {
        return fixture.listed(url, bearer, requestId) != null;
    }

    @Test
    void anApproverDecidesWithAnAccessTokenAndBadTokensAreRefused() throws Exception {
        String intentId = reviewed();
        String requestId = "ar-" + intentId;
        String carol = token("carol@example.com", List.of("staff", STEWARDS_AT_IDP), 600);
        await().atMost(Duration.ofSeconds(20)).until(() -> listed(carol, requestId));
        String decisions = "/v1/approvals/" + requestId + "/decisions";
        String body = "{\"decision\": \"APPROVE\", \"reason\": \"partner contract checked\"}";

        String[] parts = carol.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("carol@example.com", "dave@example.com");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "." + parts[2];
        HttpResponse<String> forged = fixture.post(url, decisions, tampered, body);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(json(forged).get("message").asText()).isEqualTo("the access token was refused: the token's signature is invalid")
                .doesNotContain("dave");
        HttpResponse<String> expired = fixture.post(url, decisions, token("carol@example.com", List.of(), -600), body);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(json(expired).get("message").asText()).contains("expired");
        HttpResponse<String> intent = fixture.post(url, "/v1/intents", carol, IngestGatewayIT.intent("db.read", "pg://web/pages", false, null));
        assertThat(intent.statusCode()).as("a person's token cannot submit intents").isEqualTo(403);
        assertThat(json(intent).get("message").asText()).contains("only the approval API");
        assertThat(fixture.get(url, "/v1/intents/" + intentId, AGENT_KEY).body()).contains("PENDING_REVIEW");

        HttpResponse<String> approved = fixture.post(url, decisions, carol, body);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(202);
        JsonNode verdict = json(fixture.get(url, "/v1/intents/" + intentId + "?wait=20s", AGENT_KEY));
        assertThat(verdict.get("status").asText()).isEqualTo("ALLOWED");
        assertThat(verdict.at("/verdict/decisions/0/approver").asText()).isEqualTo("user:carol@example.com");
        assertThat(verdict.at("/verdict/decisions/0/channel").asText()).isEqualTo("api");
    }

    @Test
    void aGroupTakenFromTheProviderCountsOnlyWhenTheTokensGroupsClaimListsIt() throws Exception {
        String intentId = reviewed();
        String requestId = "ar-" + intentId;
        String daveWithGroup = token("dave@example.com", List.of(STEWARDS_AT_IDP), 600);
        await().atMost(Duration.ofSeconds(20)).until(() -> listed(daveWithGroup, requestId));
        String decisions = "/v1/approvals/" + requestId + "/decisions";
        String body = "{\"decision\": \"APPROVE\", \"reason\": \"checked\"}";

        String daveRemovedAtIdp = token("dave@example.com", List.of("staff"), 600);
        assertThat(listed(daveRemovedAtIdp, requestId)).as("removed from the group at the provider: not offered").isFalse();
        HttpResponse<String> removed = fixture.post(url, decisions, daveRemovedAtIdp, body);
        assertThat(removed.statusCode()).isEqualTo(403);
        assertThat(json(removed).get("error").asText()).isEqualTo("not_eligible");
        assertThat(json(removed).get("message").asText()).contains("the identity provider must confirm [data-stewards (" + STEWARDS_AT_IDP + ")]");
        HttpResponse<String> withKey = fixture.post(url, decisions, GatewayFixture.CAROL_APPROVER_KEY, body);
        assertThat(withKey.statusCode()).as("an API key proves no group at the provider").isEqualTo(403);
        assertThat(json(withKey).get("message").asText()).contains("only with an access token");
        assertThat(listed(GatewayFixture.CAROL_APPROVER_KEY, requestId)).isFalse();

        // A chat bot's key cannot attest the provider's groups, even claiming a token: the pipeline refuses it too.
        fixture.decide(intentId, fixture.requestHash(intentId), "user:carol@example.com", io.countersign.schema.DecisionKind.APPROVE,
                ApproverAuthentication.newBuilder().setMethod(AuthenticationMethod.OIDC_ACCESS_TOKEN).setGroups(List.of(STEWARDS_AT_IDP)).build());
        AuditRecord rejected = fixture.written(Topics.AUDIT, r -> r.getIntentId().equals(intentId) && r.getEventType() == AuditEventType.DECISION_REJECTED);
        assertThat(rejected.getNote()).startsWith("NOT_ELIGIBLE");

        HttpResponse<String> approved = fixture.post(url, decisions, daveWithGroup, body);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(202);
        JsonNode verdict = json(fixture.get(url, "/v1/intents/" + intentId + "?wait=20s", AGENT_KEY));
        assertThat(verdict.get("status").asText()).isEqualTo("ALLOWED");
        assertThat(verdict.at("/verdict/decisions/0/approver").asText()).isEqualTo("user:dave@example.com");
    }

    @Test
    void aGroupTheDirectoryDoesNotListIsTheProvidersAloneAndTheDecisionCarriesItsGroupsSigned() throws Exception {
        HttpResponse<String> submitted = fixture.post(url, "/v1/intents", AGENT_KEY, IngestGatewayIT.intent("iam.role.grant", "pg://web/pages", false, null));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String intentId = json(submitted).get("intentId").asText();
        String requestId = "ar-" + intentId;
        String erin = token("erin@example.com", List.of("staff", "countersign-oncall"), 600);
        JsonNode status = json(fixture.get(url, "/v1/intents/" + intentId + "?wait=20s", AGENT_KEY));
        assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("PENDING_REVIEW");
        await().atMost(Duration.ofSeconds(20)).until(() -> listed(erin, requestId));
        String decisions = "/v1/approvals/" + requestId + "/decisions";
        String body = "{\"decision\": \"APPROVE\", \"reason\": \"change ticket CHG-7\"}";

        String frank = token("frank@example.com", List.of("staff"), 600);
        assertThat(listed(frank, requestId)).isFalse();
        HttpResponse<String> notInGroup = fixture.post(url, decisions, frank, body);
        assertThat(notInGroup.statusCode()).isEqualTo(403);
        assertThat(json(notInGroup).get("message").asText()).contains("the identity provider must confirm [security-oncall (countersign-oncall)]");

        HttpResponse<String> approved = fixture.post(url, decisions, erin, body);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(202);
        JsonNode verdict = json(fixture.get(url, "/v1/intents/" + intentId + "?wait=20s", AGENT_KEY));
        assertThat(verdict.get("status").asText()).as("the pipeline checked the signed groups too").isEqualTo("ALLOWED");
        assertThat(verdict.at("/verdict/decisions/0/approver").asText()).isEqualTo("user:erin@example.com");
        AuditRecord accepted = fixture.written(Topics.AUDIT, r -> r.getIntentId().equals(intentId) && r.getEventType() == AuditEventType.DECISION_ACCEPTED);
        assertThat(((ApprovalDecision) accepted.getEvent()).getAuthentication().getGroups())
                .as("only the provider's groups the directory maps").containsExactly("countersign-oncall");
    }

    @Test
    void anAgentProvesItsPrincipalWithADelegationTokenAndTheAuditRecordsItAsProven() throws Exception {
        // OTHER_AGENT_KEY may name only its owner; a token-exchange token from the provider proves alice delegated to it.
        String body = IngestGatewayIT.intent("db.read", "pg://web/pages", false, null);
        String delegation = delegationToken("alice@example.com", "agent:other", 600);

        HttpResponse<String> proven = fixture.send(url, "POST", "/v1/intents", OTHER_AGENT_KEY, body, Map.of("Countersign-Delegation", delegation));
        assertThat(proven.statusCode()).as(proven.body()).isEqualTo(202);
        String intentId = json(proven).get("intentId").asText();
        AuditRecord received = fixture.written(Topics.AUDIT, r -> r.getIntentId().equals(intentId) && r.getEventType() == AuditEventType.RECEIVED);
        DelegationProof proof = ((IntentSummary) received.getEvent()).getDelegation();
        assertThat(proof).as("recorded as proven").isNotNull();
        assertThat(proof.getActor()).isEqualTo("agent:other");
        assertThat(proof.getSubject()).isEqualTo("sub-alice@example.com");
        assertThat(proof.getIssuer()).isEqualTo(provider.issuerUrl(ISSUER_ID).toString());

        HttpResponse<String> otherActor = fixture.send(url, "POST", "/v1/intents", OTHER_AGENT_KEY, body,
                Map.of("Countersign-Delegation", delegationToken("alice@example.com", "agent:exporter", 600)));
        assertThat(otherActor.statusCode()).isEqualTo(403);
        assertThat(json(otherActor).get("error").asText()).isEqualTo("delegation_not_proven");
        HttpResponse<String> otherHuman = fixture.send(url, "POST", "/v1/intents", OTHER_AGENT_KEY, body,
                Map.of("Countersign-Delegation", delegationToken("bob@example.com", "agent:other", 600)));
        assertThat(otherHuman.statusCode()).isEqualTo(403);
        assertThat(json(otherHuman).get("message").asText()).contains("is not the intent's principal");
        HttpResponse<String> expired = fixture.send(url, "POST", "/v1/intents", OTHER_AGENT_KEY, body,
                Map.of("Countersign-Delegation", delegationToken("alice@example.com", "agent:other", -600)));
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(json(expired).get("message").asText()).startsWith("the delegation token was refused: the token has expired");
        IntentRefusal refusal = fixture.written(Topics.INTENTS_REFUSED, r -> r.getReason().startsWith("delegation token refused")
                && r.getAgent().getId().equals("agent:other"));
        assertThat(refusal.getError()).isEqualTo("delegation_not_proven");
        assertThat(refusal.getPrincipal()).isEqualTo("user:alice@example.com");
        AuditRecord audited = fixture.written(Topics.AUDIT, a -> a.getEventType() == AuditEventType.REFUSED_AT_GATEWAY
                && a.getIntentId().equals(refusal.getIntentId()));
        assertThat(audited.getNote()).startsWith("delegation_not_proven: delegation token refused: the token has expired");
        assertThat(audited.getActor()).isEqualTo("agent:other");
    }

    /** A token as the provider's token exchange (RFC 8693) would issue it: sub the human, act.sub the agent. */
    private String delegationToken(String email, String actor, long expirySeconds) {
        return provider.issueToken(ISSUER_ID, "sub-" + email, AUDIENCE, Map.of("email", email, "act", Map.of("sub", actor)), expirySeconds)
                .serialize();
    }
}
