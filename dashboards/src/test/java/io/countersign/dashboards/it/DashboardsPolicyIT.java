package io.countersign.dashboards.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.audit.evidence.EvidenceVerifier;
import io.countersign.embedded.junit.WithCountersignStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.countersign.dashboards.it.Browser.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auditor's Policy page API and evidence download on the seeded stack ({@link SeedStory}, decided by the real
 * pipeline and indexed by the real lineage-index job): a candidate policy replayed over the story's period flips
 * exactly the intents worked out by hand below; a policy that does not compile is answered 400 with its line and
 * rule; analysts, cross-site posts and oversized policies are refused; the downloaded evidence bundle verifies, and its
 * report counts the period's received, reviewed and denied intents as the audit index does.
 */
@WithCountersignStack
@ExtendWith(SeededStack.Extension.class)
class DashboardsPolicyIT {

    /**
     * The story's policy with exports of PII denied outright and reads sent to review. By hand, over the story's 9 intents:
     * 3 reads (allowed) → review by reads-review; the approved export, the denied export and the 3 rubber-stamped exports of
     * PII churn data (reviewed) → deny by pii-export-deny; the drop stays denied (no-drops), so it does not flip.
     */
    static final String CANDIDATE = """
            defaultEffect: allow
            rules:
              - id: no-drops
                condition: "intent.action == 'db.drop'"
                effect: deny
              - id: pii-export-deny
                condition: "intent.action == 'db.export' && 'PII' in labels"
                effect: deny
              - id: reads-review
                condition: "intent.action == 'db.read'"
                effect: review
                approvers: [data-stewards]
                quorum: 1
                ttl: 1h
            """;

    private SeededStack stack;
    private URI base;
    private String period;
    // One session per person for the whole class: every test signing in anew would spend the sign-in throttle's
    // burst that the other test classes on the same dashboards server need too.
    private static Browser audreySession;
    private static Browser anaSession;

    @BeforeEach
    void seeded(SeededStack seeded) {
        stack = seeded;
        base = stack.dashboards.url();
        period = "from=" + enc(stack.story.startedAt.toString()) + "&to=" + enc(Instant.now().plusSeconds(60).toString());
    }

    private Browser audrey() throws Exception {
        if (audreySession == null) {
            audreySession = Browser.signedIn(base, SeededStack.AUDITOR, SeededStack.PASSWORD);
        }
        return audreySession;
    }

    private Browser ana() throws Exception {
        if (anaSession == null) {
            anaSession = Browser.signedIn(base, SeededStack.ANALYST, SeededStack.PASSWORD);
        }
        return anaSession;
    }

    @Test
    void aCandidatePolicyFlipsExactlyTheHandComputedIntents() throws Exception {
        Browser audrey = audrey();
        HttpResponse<String> r = audrey.post("/api/v1/policy/replay?" + period, "application/yaml", CANDIDATE.getBytes(StandardCharsets.UTF_8), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode report = Browser.parse(r.body()).path("report");
        SeedStory s = stack.story;
        Map<String, String> expected = new TreeMap<>();
        for (int i = 0; i < 3; i++) {
            expected.put("read-" + i + "-" + s.run, "ALLOW→REVIEW by reads-review");
            expected.put("stamp-" + i + "-" + s.run, "REVIEW→DENY by pii-export-deny");
        }
        expected.put(s.approvedExport, "REVIEW→DENY by pii-export-deny");
        expected.put(s.deniedExport, "REVIEW→DENY by pii-export-deny");
        Map<String, String> flips = new TreeMap<>();
        report.path("flips").forEach(f -> flips.put(f.path("intentId").asText(),
                f.path("before").asText() + "→" + f.path("after").asText() + " by " + f.path("cause").asText()));
        assertThat(flips).isEqualTo(expected);
        assertThat(report.path("replayed").asLong()).isEqualTo(9);
        assertThat(report.path("flipped").asLong()).isEqualTo(8);
        assertThat(report.path("byTransition").toString()).isEqualTo("{\"allow→review\":3,\"review→deny\":5}");
        assertThat(report.path("byRule").toString()).isEqualTo("{\"pii-export-deny\":5,\"reads-review\":3}");
        assertThat(report.path("byAgentAndAction").path("agent:helper db.export").asLong()).isEqualTo(3);
    }

    @Test
    void aPolicyThatDoesNotCompileIsAnswered400WithItsLineAndRule() throws Exception {
        Browser audrey = audrey();
        String broken = """
                defaultEffect: allow
                rules:
                  - id: fine
                    condition: "intent.action == 'db.read'"
                    effect: allow
                  - id: broken-rule
                    condition: "intent.action == "
                    effect: deny
                """;
        HttpResponse<String> r = audrey.post("/api/v1/policy/replay?" + period, "application/yaml", broken.getBytes(StandardCharsets.UTF_8), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = Browser.parse(r.body());
        assertThat(error.path("error").asText()).isEqualTo("invalid_request");
        assertThat(error.path("message").asText()).startsWith("the policy does not compile: candidate.yaml:6: rule broken-rule");
        assertThat(error.path("problems").get(0).asText()).startsWith("candidate.yaml:6: rule broken-rule");
        assertThat(error.path("requestId").asText()).isNotBlank();
    }

    @Test
    void onlyAnAuditorFromThisOriginWithASmallPolicyMayReplay() throws Exception {
        byte[] policy = CANDIDATE.getBytes(StandardCharsets.UTF_8);
        Browser ana = ana();
        assertThat(ana.post("/api/v1/policy/replay?" + period, "application/yaml", policy, null).statusCode()).isEqualTo(403);
        assertThat(ana.bytes("/api/v1/audit/evidence.zip?" + period).statusCode()).isEqualTo(403);
        assertThat(new Browser(base).post("/api/v1/policy/replay", "application/yaml", policy, null).statusCode()).isEqualTo(401);
        Browser audrey = audrey();
        assertThat(audrey.post("/api/v1/policy/replay?" + period, "application/yaml", policy, "https://evil.example").statusCode())
                .as("cross-site").isEqualTo(403);
        byte[] huge = ("# " + "x".repeat(300 * 1024) + "\n" + CANDIDATE).getBytes(StandardCharsets.UTF_8);
        assertThat(audrey.post("/api/v1/policy/replay?" + period, "application/yaml", huge, null).statusCode()).isEqualTo(413);
        assertThat(audrey.post("/api/v1/policy/replay?from=yesterday", "application/yaml", policy, null).statusCode()).isEqualTo(400);
    }

    @Test
    void theDownloadedEvidenceBundleVerifiesOffline() throws Exception {
        Browser audrey = audrey();
        // The story's last records are sealed by the next signed checkpoint (every second): until then the bundle says so.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            HttpResponse<byte[]> r = audrey.bytes("/api/v1/audit/evidence.zip?" + period);
            assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/zip");
            assertThat(r.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment; filename=\"countersign-evidence-");
            Optional<String> problem = EvidenceVerifier.verify(new ByteArrayInputStream(r.body()), Set.of(stack.auditKeyId));
            assertThat(problem).isEmpty();
        });
    }

    @Test
    void theEvidenceReportCountsWhatTheAuditIndexCountsForThePeriod() throws Exception {
        Browser audrey = audrey();
        HttpResponse<byte[]> r = audrey.bytes("/api/v1/audit/evidence.zip?" + period);
        assertThat(r.statusCode()).isEqualTo(200);
        String report = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals("report.html")) {
                    report = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        assertThat(report).isNotNull();
        String from = stack.story.startedAt.toString();
        String to = Instant.now().plusSeconds(60).toString();
        // The story: 9 intents received; 5 exports of PII reviewed; 2 denied (one by Dave, the drop by policy).
        long received = count(Map.of("range", Map.of("receivedAt", Map.of("gte", from, "lt", to))));
        long reviewed = count(Map.of("range", Map.of("review.requestedAt", Map.of("gte", from, "lt", to))));
        long denied = count(Map.of("bool", Map.of("filter", List.of(Map.of("term", Map.of("outcome", "DENIED")),
                Map.of("range", Map.of("decidedAt", Map.of("gte", from, "lt", to)))))));
        assertThat(List.of(received, reviewed, denied)).as("the audit index's counts").containsExactly(9L, 5L, 2L);
        assertThat(number(report, "<td>RECEIVED</td><td>(\\d+)</td>")).as("intents received in report.html").isEqualTo(received);
        assertThat(number(report, "<h2>Reviews \\((\\d+)\\)</h2>")).as("reviewed intents in report.html").isEqualTo(reviewed);
        assertThat(number(report, "<h2>Denials \\((\\d+)\\)</h2>")).as("denied intents in report.html").isEqualTo(denied);
    }

    private long count(Map<String, Object> query) throws Exception {
        try (Response r = stack.openSearch.generic().execute(Requests.builder().method("POST").endpoint("/countersign-audit/_count")
                .json(new ObjectMapper().writeValueAsString(Map.of("query", query))).build())) {
            assertThat(r.getStatus()).isEqualTo(200);
            return new ObjectMapper().readTree(r.getBody().orElseThrow().bodyAsBytes()).path("count").asLong();
        }
    }

    private static long number(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        assertThat(m.find()).as(regex).isTrue();
        return Long.parseLong(m.group(1));
    }
}
