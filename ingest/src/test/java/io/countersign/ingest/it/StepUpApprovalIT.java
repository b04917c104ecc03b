package io.countersign.ingest.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.approvals.domain.Identity;
import io.countersign.approvals.domain.StepUpLinks;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.ingest.IngestConfig;
import io.countersign.ingest.StepUpConfig;
import io.countersign.oidc.OidcConfig;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.schema.ApproverAuthentication;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuthenticationMethod;
import io.countersign.schema.Verdict;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.countersign.ingest.it.GatewayFixture.AGENT_KEY;
import static io.countersign.ingest.it.GatewayFixture.CAROL_APPROVER_KEY;
import static io.countersign.ingest.it.GatewayFixture.STEWARD_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Step-up approvals against a real OpenID provider (mock-oauth2-server on loopback): a review rule with
 * {@code stepUp: true}; an approve with an API key gets a one-time link instead of being recorded; the
 * approval through the link counts only with the dashboards client's ID token for the same person, a
 * sign-in at most five minutes old, with a second factor in {@code amr}; the link works once; the verdict
 * and the audit log record how the approver authenticated. A Slack-signed decision that claims a step-up
 * is refused by the pipeline; a denial needs no step-up.
 */
@WithCountersignStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StepUpApprovalIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER_ID = "acme";
    private static final String DASHBOARDS_CLIENT = "countersign-dashboards";
    /** The gateway fixture's policy (its pii-export review needs no step-up), and deletions of PII that need one. */
    private static final String POLICY = GatewayFixture.POLICY + """
              - id: pii-delete
                condition: intent.action == 'db.delete' && 'PII' in labels
                effect: review
                approvers: [data-stewards]
                quorum: 1
                ttl: 1h
                stepUp: true
            """;
    private MockOAuth2Server provider;
    private GatewayFixture fixture;
    private URI url;
    private Path linkKey;

    @BeforeAll
    void start(Endpoints endpoints) throws Exception {
        provider = new MockOAuth2Server();
        provider.start(InetAddress.getLoopbackAddress(), 0);
        fixture = new GatewayFixture(endpoints);
        fixture.startPipeline(PolicyLoader.parse(POLICY, "step-up-it.yaml"));
        linkKey = StepUpLinks.createKeyFile(Files.createTempDirectory("step-up-it").resolve("step-up-link.key"));
        StepUpConfig stepUp = new StepUpConfig(linkKey.toString(), null, "https://dashboards.example.com/", null, null, null,
                OidcConfig.of(provider.issuerUrl(ISSUER_ID).toString(), DASHBOARDS_CLIENT));
        url = fixture.gateway(0, IngestConfig.DEFAULTS.withStepUp(stepUp)).url();
        fixture.send(url, "PUT", "/v1/datasets/" + IngestGatewayIT.enc("pg://crm/customers") + "/labels", STEWARD_KEY,
                "{\"labels\": [\"PII\"]}", Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        fixture.close();
        provider.shutdown();
    }

    /** An ID token as the provider issues it to the dashboards client after a sign-in at {@code authTime} with {@code amr}. */
    private String idToken(String email, String audience, Instant authTime, List<String> amr) {
        return provider.issueToken(ISSUER_ID, "sub-" + email, audience,
                Map.of("email", email, "auth_time", authTime.getEpochSecond(), "amr", amr), 300).serialize();
    }

    private String reviewed() throws Exception {
        return reviewed("db.delete");
    }

    private String reviewed(String action) throws Exception {
        HttpResponse<String> submitted = fixture.post(url, "/v1/intents", AGENT_KEY, IngestGatewayIT.intent(action, "pg://crm/customers", false, null));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String intentId = JSON.readTree(submitted.body()).get("intentId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.listed(url, CAROL_APPROVER_KEY, "ar-" + intentId) != null);
        return intentId;
    }

    private HttpResponse<String> stepUp(String link, String idToken) throws Exception {
        return fixture.send(url, "POST", "/v1/step-up", null, JSON.writeValueAsString(Map.of("link", link, "idToken", idToken,
                "reason", "deletion ticket DPO-17")), Map.of());
    }

    @Test
    void anApproveNeedsAFreshMultiFactorSignInThroughAOneTimeLink() throws Exception {
        String intentId = reviewed();
        String requestId = "ar-" + intentId;
        JsonNode listed = fixture.listed(url, CAROL_APPROVER_KEY, requestId);
        assertThat(listed.get("stepUp").asBoolean()).isTrue();

        HttpResponse<String> withKey = fixture.post(url, "/v1/approvals/" + requestId + "/decisions", CAROL_APPROVER_KEY,
                "{\"decision\": \"APPROVE\"}");
        assertThat(withKey.statusCode()).as(withKey.body()).isEqualTo(403);
        JsonNode offer = JSON.readTree(withKey.body());
        assertThat(offer.get("error").asText()).isEqualTo("step_up_required");
        String stepUpUrl = offer.get("stepUpUrl").asText();
        assertThat(stepUpUrl).startsWith("https://dashboards.example.com/step-up?link=");
        String link = URLDecoder.decode(stepUpUrl.substring(stepUpUrl.indexOf("link=") + 5), StandardCharsets.UTF_8);

        HttpResponse<String> view = fixture.get(url, "/v1/step-up?link=" + URLEncoder.encode(link, StandardCharsets.UTF_8), null);
        assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
        assertThat(JSON.readTree(view.body()).at("/approval/action").asText()).isEqualTo("db.delete");
        assertThat(JSON.readTree(view.body()).get("approver").asText()).isEqualTo("user:carol@example.com");
        HttpResponse<String> forgedLink = fixture.get(url, "/v1/step-up?link=" + URLEncoder.encode(link.substring(0, link.length() - 2) + "AA",
                StandardCharsets.UTF_8), null);
        assertThat(forgedLink.statusCode()).isEqualTo(401);

        Instant now = Instant.now();
        HttpResponse<String> stale = stepUp(link, idToken("carol@example.com", DASHBOARDS_CLIENT, now.minusSeconds(3600), List.of("pwd", "otp")));
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(403);
        assertThat(JSON.readTree(stale.body()).get("message").asText()).contains("older than 5 minutes");
        HttpResponse<String> oneFactor = stepUp(link, idToken("carol@example.com", DASHBOARDS_CLIENT, now, List.of("pwd")));
        assertThat(oneFactor.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(oneFactor.body()).get("message").asText()).contains("multi-factor");
        HttpResponse<String> otherPerson = stepUp(link, idToken("dave@example.com", DASHBOARDS_CLIENT, now, List.of("pwd", "otp")));
        assertThat(otherPerson.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(otherPerson.body()).get("error").asText()).isEqualTo("wrong_person");
        HttpResponse<String> accessToken = stepUp(link, idToken("carol@example.com", "countersign", now, List.of("pwd", "otp")));
        assertThat(accessToken.statusCode()).as("another client's token").isEqualTo(401);
        assertThat(fixture.get(url, "/v1/intents/" + intentId, AGENT_KEY).body()).contains("PENDING_REVIEW");

        HttpResponse<String> approved = stepUp(link, idToken("carol@example.com", DASHBOARDS_CLIENT, now.minusSeconds(30), List.of("pwd", "otp")));
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(202);
        JsonNode verdict = JSON.readTree(fixture.get(url, "/v1/intents/" + intentId + "?wait=20s", AGENT_KEY).body());
        assertThat(verdict.get("status").asText()).isEqualTo("ALLOWED");
        assertThat(verdict.at("/verdict/decisions/0/authentication/method").asText()).isEqualTo("OIDC_STEP_UP");
        assertThat(verdict.at("/verdict/decisions/0/authentication/amr").toString()).contains("otp");

        Verdict audited = (Verdict) fixture.written(Topics.AUDIT, r -> r.getIntentId().equals(intentId)
                && r.getEventType() == AuditEventType.VERDICT).getEvent();
        ApproverAuthentication how = audited.getDecisions().get(0).getAuthentication();
        assertThat(how.getMethod()).isEqualTo(AuthenticationMethod.OIDC_STEP_UP);
        assertThat(how.getIssuer()).isEqualTo(provider.issuerUrl(ISSUER_ID).toString());
        assertThat(how.getAuthTime()).isEqualTo(now.minusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

        HttpResponse<String> reused = stepUp(link, idToken("carol@example.com", DASHBOARDS_CLIENT, Instant.now(), List.of("pwd", "otp")));
        assertThat(reused.statusCode()).as(reused.body()).isEqualTo(409);
        assertThat(JSON.readTree(reused.body()).get("error").asText()).isEqualTo("link_used");
    }

    @Test
    void theStepUpCannotBeClaimedByAnotherChannelAndADenialNeedsNone() throws Exception {
        String intentId = reviewed();
        // Dave's approve, signed by the Slack bot's key, claims a step-up: only the approval API may attest one.
        fixture.decide(intentId, fixture.requestHash(intentId), "user:dave@example.com", io.countersign.schema.DecisionKind.APPROVE,
                ApproverAuthentication.newBuilder().setMethod(AuthenticationMethod.OIDC_STEP_UP).setAmr(List.of("otp")).build());
        var rejected = fixture.written(Topics.AUDIT, r -> r.getIntentId().equals(intentId) && r.getEventType() == AuditEventType.DECISION_REJECTED);
        assertThat(rejected.getNote()).startsWith("STEP_UP_REQUIRED");

        HttpResponse<String> denied = fixture.post(url, "/v1/approvals/ar-" + intentId + "/decisions", CAROL_APPROVER_KEY,
                "{\"decision\": \"DENY\", \"reason\": \"no deletion ticket\"}");
        assertThat(denied.statusCode()).as(denied.body()).isEqualTo(202);
        JsonNode verdict = JSON.readTree(fixture.get(url, "/v1/intents/" + intentId + "?wait=20s", AGENT_KEY).body());
        assertThat(verdict.get("status").asText()).isEqualTo("DENIED");
        assertThat(verdict.at("/verdict/decisions/0/authentication/method").asText()).isEqualTo("API_KEY");
    }

    @Test
    void aLinkForARequestWithoutStepUpNeedsAFreshSignInButNoSecondFactor() throws Exception {
        // What a chat bot sends when the identity provider must confirm the approver's group (ProvenGroups).
        String intentId = reviewed("db.export");
        String requestId = "ar-" + intentId;
        assertThat(fixture.listed(url, CAROL_APPROVER_KEY, requestId).get("stepUp").asBoolean()).isFalse();
        String link = StepUpLinks.load(linkKey, Duration.ofMinutes(10)).issue(requestId, Identity.of("user:carol@example.com"), Instant.now());

        Instant now = Instant.now();
        HttpResponse<String> stale = stepUp(link, idToken("carol@example.com", DASHBOARDS_CLIENT, now.minusSeconds(3600), List.of("pwd")));
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(403);
        assertThat(JSON.readTree(stale.body()).get("message").asText()).contains("older than 5 minutes");
        HttpResponse<String> approved = stepUp(link, idToken("carol@example.com", DASHBOARDS_CLIENT, now, List.of("pwd")));
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(202);
        JsonNode verdict = JSON.readTree(fixture.get(url, "/v1/intents/" + intentId + "?wait=20s", AGENT_KEY).body());
        assertThat(verdict.get("status").asText()).isEqualTo("ALLOWED");
        assertThat(verdict.at("/verdict/decisions/0/authentication/method").asText()).as("not a step-up: no second factor was asked")
                .isEqualTo("OIDC_SIGN_IN");
    }
}
