package io.countersign.audit.evidence;

import io.countersign.audit.AuditLogRecord;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static io.countersign.audit.evidence.AuditRecordBuilder.accepted;
import static io.countersign.audit.evidence.AuditRecordBuilder.approvedAfterStepUp;
import static io.countersign.audit.evidence.AuditRecordBuilder.classified;
import static io.countersign.audit.evidence.AuditRecordBuilder.refused;
import static io.countersign.audit.evidence.AuditRecordBuilder.refusedAtGateway;
import static io.countersign.audit.evidence.AuditRecordBuilder.requested;
import static io.countersign.audit.evidence.AuditRecordBuilder.verdict;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evidence report's sections, from audit records as the pipeline writes them: reviews with each approver's
 * decision, channel, authentication and reason; self-approval attempts apart from other refusals; rubber-stamp
 * flags; policy versions in the order they were first used, with where each changed; hostile text escaped.
 */
class EvidenceReportTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final String DECISIONS = "Approvers' decisions and reasons";

    private static ReportTables report(AuditRecordBuilder... records) {
        List<AuditLogRecord> built = Stream.of(records).map(AuditRecordBuilder::build).toList();
        return ReportTables.parse(EvidenceReport.html(T.minusSeconds(3600), T.plusSeconds(3600), built));
    }

    @Test
    void reviewsListEachApproverWithDecisionChannelAuthenticationAndReason() {
        ReportTables r = report(
                requested("export-1", T, "db.export", "regulated-export-external"),
                accepted("export-1", T.plusSeconds(120), "user:carol@example.com", DecisionKind.APPROVE, "ticket DATA-42 approves the board pack"),
                approvedAfterStepUp("export-1", T.plusSeconds(150), "user:dave@example.com", "checked the recipient's contract"),
                verdict("export-1", T.plusSeconds(150), Outcome.ALLOWED, DecidedBy.APPROVERS, null),
                // Requested before the period: its decision is still listed, without a time since the request.
                accepted("export-0", T.plusSeconds(10), "user:carol@example.com", DecisionKind.DENY, "no data sharing agreement"));

        assertThat(r.heading("Reviews")).isEqualTo("Reviews (1)");
        assertThat(r.rows("Reviews")).containsExactly(List.of("export-1", "db.export", "regulated-export-external", "ALLOWED (APPROVERS)",
                "user:carol@example.com (APPROVE); user:dave@example.com (APPROVE)", "150 s", ""));
        assertThat(r.rows(DECISIONS)).containsExactly(
                List.of("export-1", "user:carol@example.com", "APPROVE", "slack (key slack-k1)", "SLACK_SIGNED_REQUEST",
                        "ticket DATA-42 approves the board pack", "120 s"),
                List.of("export-1", "user:dave@example.com", "APPROVE", "api (key api-k1)",
                        "OIDC_STEP_UP at https://idp.example.com, methods pwd+otp", "checked the recipient's contract", "150 s"),
                List.of("export-0", "user:carol@example.com", "DENY", "slack (key slack-k1)", "SLACK_SIGNED_REQUEST",
                        "no data sharing agreement", "(requested before the period)"));
        assertThat(r.rows("Median time to decision by rule")).containsExactly(List.of("regulated-export-external", "1", "150 s"));
    }

    @Test
    void selfApprovalAttemptsAreCountedApartFromOtherRefusals() {
        String inChain = "is in the intent's delegation chain and may not decide on it";
        ReportTables r = report(
                requested("grant-1", T, "iam.role.grant", "iam-in-prod"),
                refused("grant-1", T.plusSeconds(5), "user:alice@example.com", "IN_DELEGATION_CHAIN", "user:alice@example.com " + inChain),
                refused("grant-1", T.plusSeconds(6), "user:olga@example.com", "IN_DELEGATION_CHAIN", "user:olga@example.com " + inChain),
                refused("grant-1", T.plusSeconds(7), "user:pat@example.com", "NOT_ELIGIBLE", "user:pat@example.com is not in security-oncall"),
                refused("grant-1", T.plusSeconds(8), "unverified", "UNSIGNED", "no channel signed this decision"));

        assertThat(r.heading("Self-approval attempts refused")).isEqualTo("Self-approval attempts refused (2)");
        assertThat(r.rows("Self-approval attempts refused")).containsExactly(
                List.of("grant-1", "user:alice@example.com", "APPROVE", "api", T.plusSeconds(5).toString(), "user:alice@example.com " + inChain),
                List.of("grant-1", "user:olga@example.com", "APPROVE", "api", T.plusSeconds(6).toString(), "user:olga@example.com " + inChain));
        assertThat(r.heading("Other decisions refused")).isEqualTo("Other decisions refused (2)");
        assertThat(r.rows("Other decisions refused")).containsExactly(
                List.of("grant-1", "user:pat@example.com", "NOT_ELIGIBLE", "user:pat@example.com is not in security-oncall"),
                List.of("grant-1", "unverified", "UNSIGNED", "no channel signed this decision"));
    }

    @Test
    void intentsRefusedAtTheGatewayForWhomTheyClaimedToActForAreListed() {
        ReportTables r = report(refusedAtGateway("i-9", T, "agent:exporter", "user:ceo@example.com",
                "key key-1a2b3c may act only for [user:olga@example.com]"));

        assertThat(r.heading("Intents refused at the gateway")).isEqualTo("Intents refused at the gateway (1)");
        assertThat(r.rows("Intents refused at the gateway")).containsExactly(List.of("i-9", "agent:exporter", "key-1a2b3c",
                "user:ceo@example.com", "db.export", "principal_not_allowed", "key key-1a2b3c may act only for [user:olga@example.com]"));
    }

    @Test
    void approvalsWithinTenSecondsOfTheRequestAreFlaggedButNotQuickDenials() {
        ReportTables r = report(
                requested("stamp-1", T, "db.export", "sensitive-data"),
                accepted("stamp-1", T.plusSeconds(3), "user:carol@example.com", DecisionKind.APPROVE, "ok"),
                requested("read-2", T.plusSeconds(100), "db.export", "sensitive-data"),
                accepted("read-2", T.plusSeconds(160), "user:carol@example.com", DecisionKind.APPROVE, "read the query"),
                requested("deny-3", T.plusSeconds(200), "db.export", "sensitive-data"),
                accepted("deny-3", T.plusSeconds(202), "user:dave@example.com", DecisionKind.DENY, "obviously not"));

        assertThat(r.rows("Reviews")).extracting(row -> row.get(0) + ": " + row.get(6)).containsExactly(
                "stamp-1: user:carol@example.com approved 3 s after the request", "read-2: ", "deny-3: ");
        assertThat(r.note("Reviews")).contains("within 10 s of the request");
    }

    @Test
    void policyVersionsAreOrderedByFirstUseWithTheVersionEachReplaced() {
        // The versions' names sort the other way round from their use, so only time can order them.
        String older = "zz-policy-2026-11";
        String newer = "aa-policy-2026-12";
        String third = "mm-policy-2026-12b";
        ReportTables r = report(
                classified("i-1", T, older), classified("i-2", T.plusSeconds(100), older),
                classified("i-3", T.plusSeconds(200), newer), classified("i-4", T.plusSeconds(300), newer),
                // Another pipeline instance still on the newer version after the third was loaded elsewhere.
                classified("i-5", T.plusSeconds(400), third), classified("i-6", T.plusSeconds(450), newer),
                classified("i-7", T.plusSeconds(500), third));

        assertThat(r.rows("Policy versions in force")).containsExactly(
                List.of(older, T.toString(), T.plusSeconds(100).toString(), "2", "(first in the period)"),
                List.of(newer, T.plusSeconds(200).toString(), T.plusSeconds(450).toString(), "3", older),
                List.of(third, T.plusSeconds(400).toString(), T.plusSeconds(500).toString(), "2",
                        newer + " (overlap: it still decided until " + T.plusSeconds(450) + ")"));
        assertThat(r.note("Policy versions in force")).contains("first and last decision", "no event for a policy being loaded");
    }

    @Test
    void hostileAgentAndApproverTextIsEscapedAndControlCharactersReplaced() {
        String hostile = "<script>alert(1)</script> & \u0007\u001b[31m \"quoted\" ]]>";
        String html = EvidenceReport.html(T.minusSeconds(60), T.plusSeconds(60), Stream.of(
                requested("intent-&-<b>", T, "db.export<img src=x>", "rule&<i>"),
                accepted("intent-&-<b>", T.plusSeconds(30), "user:<svg onload=x>@example.com", DecisionKind.APPROVE, hostile),
                refused("intent-&-<b>", T.plusSeconds(31), "user:alice@example.com", "IN_DELEGATION_CHAIN", hostile)).map(AuditRecordBuilder::build).toList());

        assertThat(html).doesNotContain("<script>", "<b>", "<img", "<svg", "<i>", "\u0007", "\u001b", "]]>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \uFFFD\uFFFD[31m &quot;quoted&quot; ]]&gt;");
        ReportTables r = ReportTables.parse(html);
        String shown = "<script>alert(1)</script> & \uFFFD\uFFFD[31m \"quoted\" ]]>";
        assertThat(r.rows(DECISIONS)).singleElement().satisfies(row -> assertThat(row).containsSequence("intent-&-<b>",
                "user:<svg onload=x>@example.com").endsWith(shown, "30 s"));
        assertThat(r.rows("Reviews")).singleElement().satisfies(row -> assertThat(row).startsWith("intent-&-<b>", "db.export<img src=x>", "rule&<i>"));
        assertThat(r.rows("Self-approval attempts refused")).singleElement().satisfies(row -> assertThat(row).last().isEqualTo(shown));
    }
}
