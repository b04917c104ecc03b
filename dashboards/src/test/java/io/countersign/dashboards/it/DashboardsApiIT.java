package io.countersign.dashboards.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.embedded.junit.WithCountersignStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.countersign.dashboards.it.Browser.enc;
import static io.countersign.dashboards.it.SeedStory.CHURN;
import static io.countersign.dashboards.it.SeedStory.CUSTOMERS;
import static io.countersign.dashboards.it.SeedStory.EXPORTED;
import static io.countersign.dashboards.it.SeedStory.RAW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboards' API on the seeded embedded stack: who may see what (unauthenticated 401 on every
 * endpoint, pages redirect to sign-in, analyst vs auditor), and that each answer tells the seeded story.
 */
@WithCountersignStack
@ExtendWith(SeededStack.Extension.class)
class DashboardsApiIT {

    static final List<String> API_GETS = List.of("/api/v1/me", "/api/v1/audit/search", "/api/v1/audit/export.csv", "/api/v1/intents/x",
            "/api/v1/datasets", "/api/v1/datasets/" + enc(CHURN), "/api/v1/datasets/" + enc(CHURN) + "/lineage",
            "/api/v1/datasets/" + enc(CHURN) + "/usage", "/api/v1/agents", "/api/v1/agents/agent:etl", "/api/v1/approvals/analytics");

    private SeededStack stack;
    private URI base;

    @BeforeEach
    void seeded(SeededStack seeded) {
        stack = seeded;
        base = stack.dashboards.url();
    }

    @Test
    void withoutASessionTheApiAnswers401AndPagesRedirectToSignIn() throws Exception {
        Browser anonymous = new Browser(base);
        for (String path : API_GETS) {
            HttpResponse<String> r = anonymous.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            JsonNode error = Browser.parse(r.body());
            assertThat(error.path("error").asText()).as(path).isEqualTo("unauthenticated");
            assertThat(error.path("message").asText()).as(path).contains("sign in");
            assertThat(error.path("requestId").asText()).as(path).isNotBlank();
        }
        assertThat(anonymous.post("/api/v1/intents/x/verify").statusCode()).isEqualTo(401);
        for (String page : List.of("/", "/ui/app.js", "/ui/app.css", "/ui/index.html")) {
            HttpResponse<String> r = anonymous.get(page);
            assertThat(r.statusCode()).as(page).isEqualTo(303);
            assertThat(r.headers().firstValue("Location").orElseThrow()).as(page).startsWith("/login?next=");
        }
        assertThat(anonymous.get("/login").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> forged = anonymous.get("/api/v1/me");
        assertThat(forged.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
    }

    @Test
    void aWrongPasswordSignsNobodyInAndSigningOutEndsTheSession() throws Exception {
        Browser b = new Browser(base);
        HttpResponse<String> wrong = b.form("/login", "username=ana&password=" + enc("not the password at all"));
        assertThat(wrong.headers().firstValue("Location").orElseThrow()).startsWith("/login?error=1");
        assertThat(b.get("/api/v1/me").statusCode()).isEqualTo(401);

        Browser ana = Browser.signedIn(base, SeededStack.ANALYST, SeededStack.PASSWORD);
        assertThat(ana.json("/api/v1/me").path("roles").toString()).isEqualTo("[\"analyst\"]");
        assertThat(ana.postWithOrigin("/logout", "https://evil.example").statusCode()).as("cross-site sign-out").isEqualTo(403);
        assertThat(ana.post("/logout").statusCode()).isEqualTo(303);
        assertThat(ana.get("/api/v1/me").statusCode()).isEqualTo(401);
    }

    @Test
    void anAnalystReadsButNeedsTheAuditorRoleToExportOrVerify() throws Exception {
        Browser ana = Browser.signedIn(base, SeededStack.ANALYST, SeededStack.PASSWORD);
        for (String path : API_GETS) {
            int status = ana.get(path).statusCode();
            if (path.endsWith("export.csv")) {
                assertThat(status).as(path).isEqualTo(403);
            } else if (path.endsWith("/intents/x")) {
                assertThat(status).as(path).isEqualTo(404);
            } else {
                assertThat(status).as(path).isEqualTo(200);
            }
        }
        HttpResponse<String> verify = ana.post("/api/v1/intents/" + stack.story.approvedExport + "/verify");
        assertThat(verify.statusCode()).isEqualTo(403);
        assertThat(Browser.parse(verify.body()).path("error").asText()).isEqualTo("forbidden");
        assertThat(Browser.parse(verify.body()).path("message").asText()).contains("auditor");
        assertThat(ana.get("/api/v1/audit/search?size=1000").statusCode()).isEqualTo(400);
        JsonNode badFrom = Browser.parse(ana.get("/api/v1/audit/search?from=yesterday").body());
        assertThat(badFrom.path("error").asText()).isEqualTo("invalid_request");
        assertThat(badFrom.path("message").asText()).contains("ISO-8601");
    }

    @Test
    void searchFacetsAndFiltersFindWhoApprovedWhatAndWhy() throws Exception {
        Browser ana = Browser.signedIn(base, SeededStack.ANALYST, SeededStack.PASSWORD);
        JsonNode board = ana.json("/api/v1/audit/search?q=board");
        assertThat(board.path("total").asLong()).isEqualTo(1);
        JsonNode hit = board.path("hits").get(0);
        assertThat(hit.path("intentId").asText()).isEqualTo(stack.story.approvedExport);
        assertThat(hit.path("approvers").get(0).path("approver").asText()).isEqualTo("user:carol@example.com");
        assertThat(hit.path("labels").toString()).contains("PII");

        JsonNode byCarol = ana.json("/api/v1/audit/search?approver=" + enc("user:carol@example.com") + "&action=db.export&size=50");
        assertThat(values(byCarol.path("hits"), "outcome")).containsOnly("ALLOWED");
        assertThat(byCarol.path("total").asLong()).isGreaterThanOrEqualTo(4);
        JsonNode denied = ana.json("/api/v1/audit/search?outcome=DENIED&size=50&sort=receivedAt&order=asc");
        assertThat(values(denied.path("hits"), "intentId")).contains(stack.story.deniedExport, stack.story.droppedTable);
        assertThat(values(denied.path("facets").path("rule"), "value")).contains("no-drops", "pii-export-review");
        assertThat(values(ana.json("/api/v1/audit/search?size=1").path("facets").path("action"), "value")).contains("db.read", "db.export", "db.drop");
    }

    @Test
    void anIntentsTimelineDatasetLineageUsageAgentsAndApprovalsTellTheStory() throws Exception {
        Browser ana = Browser.signedIn(base, SeededStack.ANALYST, SeededStack.PASSWORD);
        JsonNode intent = ana.json("/api/v1/intents/" + stack.story.approvedExport);
        assertThat(values(intent.path("timeline"), "eventType")).startsWith("RECEIVED", "CLASSIFIED", "APPROVAL_REQUESTED")
                .contains("DECISION_ACCEPTED", "VERDICT", "EXECUTION");
        assertThat(intent.path("intent").path("maskedParameters").toString()).doesNotContain("alice@example.com");
        // What the approval cards showed: churn feeds the dataset the approved export executed into, which inherits PII.
        assertThat(intent.path("blastRadius").path("available").asBoolean()).isTrue();
        assertThat(intent.path("blastRadius").path("line").asText()).startsWith("feeds ").contains("labelled PII", "this month");

        JsonNode churn = ana.json("/api/v1/datasets/" + enc(CHURN));
        JsonNode pii = churn.path("inheritedLabels").get(0);
        assertThat(pii.path("label").asText()).isEqualTo("PII");
        assertThat(values(pii.path("provenance"), null)).containsExactly(CUSTOMERS, RAW, CHURN);
        assertThat(values(pii.path("via"), null)).containsExactly("nightly_export", "churn_model");
        assertThat(churn.path("usage").path("exports").asLong()).isEqualTo(5);

        // Who declared the labels, and when the declaration last changed.
        JsonNode customers = ana.json("/api/v1/datasets/" + enc(CUSTOMERS));
        assertThat(customers.path("declaredLabels").get(0).path("declaredBy").asText()).isEqualTo("user:steward@example.com");
        assertThat(customers.path("declaredBy").asText()).isEqualTo("user:steward@example.com");
        assertThat(customers.path("declaredUpdatedAt").asText()).isNotBlank();

        JsonNode lineage = ana.json("/api/v1/datasets/" + enc(CHURN) + "/lineage?upstream=3&downstream=3");
        assertThat(values(lineage.path("nodes"), "id")).contains(CUSTOMERS, RAW, CHURN, EXPORTED).doesNotContain(SeedStory.MASKED);
        JsonNode execution = null;
        for (JsonNode e : lineage.path("edges")) {
            if (e.path("target").asText().equals(EXPORTED)) {
                execution = e;
            }
        }
        assertThat(execution).isNotNull();
        assertThat(execution.path("intentId").asText()).isEqualTo(stack.story.approvedExport);
        assertThat(ana.json("/api/v1/datasets/" + enc(CHURN) + "/usage").path("series").size()).isGreaterThan(0);
        assertThat(values(ana.json("/api/v1/datasets?q=churn").path("datasets"), "dataset")).contains(CHURN);

        assertThat(values(ana.json("/api/v1/agents").path("agents"), "agent")).contains("agent:etl", "agent:rogue", "agent:helper");
        JsonNode etl = ana.json("/api/v1/agents/agent:etl");
        assertThat(etl.path("denied").asLong()).isEqualTo(1);
        assertThat(values(etl.path("datasets"), "value")).contains(SeedStory.ORDERS, CHURN);

        JsonNode approvals = ana.json("/api/v1/approvals/analytics?fastSeconds=3600");
        JsonNode carol = null;
        for (JsonNode a : approvals.path("approvers")) {
            if (a.path("approver").asText().equals("user:carol@example.com")) {
                carol = a;
            }
        }
        assertThat(carol).isNotNull();
        assertThat(carol.path("decisions").asInt()).isEqualTo(4);
        assertThat(values(carol.path("flags"), null)).contains("never denies", "4 of 4 decisions in under 3600 s");
        assertThat(values(approvals.path("byRule"), "key")).contains("pii-export-review");
    }

    @Test
    void anAuditorExportsCsvAndVerifiesARecordAgainstTheLog() throws Exception {
        Browser audrey = Browser.signedIn(base, SeededStack.AUDITOR, SeededStack.PASSWORD);
        HttpResponse<String> csv = audrey.get("/api/v1/audit/export.csv?action=db.export");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("countersign-audit.csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("intentId,receivedAt,agent");
        assertThat(lines).hasSize(1 + 5);
        assertThat(csv.body()).contains(stack.story.approvedExport);

        // Checkpoints are signed every second; the verdict's records are sealed shortly after.
        String path = "/api/v1/intents/" + stack.story.approvedExport + "/verify";
        await().atMost(Duration.ofSeconds(30)).until(() -> Browser.parse(audrey.post(path).body()).path("verified").asBoolean());
        JsonNode report = Browser.parse(audrey.post(path).body());
        assertThat(report.path("findings").size()).isZero();
        assertThat(report.path("checkpoint").path("signatureValid").asBoolean()).isTrue();
        assertThat(report.path("records").asInt()).isGreaterThanOrEqualTo(6);
        assertThat(audrey.post("/api/v1/intents/nope/verify").statusCode()).isEqualTo(404);
    }

    private static List<String> values(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(field == null ? n.asText() : n.path(field).asText()));
        return out;
    }
}
