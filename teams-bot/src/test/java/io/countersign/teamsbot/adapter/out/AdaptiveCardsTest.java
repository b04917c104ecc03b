package io.countersign.teamsbot.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.approvals.domain.ApprovalCard;
import io.countersign.approvals.domain.BlastRadius;
import io.countersign.approvals.domain.DashboardLinks;
import io.countersign.schema.DecisionKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Teams approval card: Universal Actions while open, the outcome and no buttons once closed. */
class AdaptiveCardsTest {

    static final Instant EXPIRES = Instant.parse("2026-11-23T10:30:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    static ApprovalCard card(String reason, Map<String, String> parameters, List<ApprovalCard.Vote> votes, ApprovalCard.Outcome outcome) {
        return new ApprovalCard("ar-i-1", "i-1", new ApprovalCard.Agent("agent:exporter", "langgraph", "user:olga@example.com"),
                "user:alice@example.com", List.of("user:alice@example.com", "agent:exporter"), "db.export", "prod",
                List.of(new ApprovalCard.Target("s3://lake/churn", List.of(
                        new ApprovalCard.Label("PII", "pg://crm/customers", List.of("dbt/nightly_export")),
                        new ApprovalCard.Label("FINANCE", null, List.of())))),
                new ApprovalCard.Destination("s3://partner-drop/q3.csv", true), List.of("regulated-export-external"), 80, reason,
                parameters, new ApprovalCard.Progress(1, 2, List.of("data-stewards"), votes), EXPIRES,
                outcome == null ? 1830 : 0, null, outcome);
    }

    /** The card as a client gets it: serialized and parsed back. */
    static JsonNode rendered(ApprovalCard card, List<String> userIds) throws Exception {
        String wire = JSON.writeValueAsString(AdaptiveCards.render(card, userIds));
        return JSON.readTree(wire);
    }

    static Map<String, String> facts(JsonNode factSet) {
        Map<String, String> facts = new LinkedHashMap<>();
        factSet.get("facts").forEach(f -> facts.put(f.get("title").asText(), f.get("value").asText()));
        return facts;
    }

    static List<String> texts(JsonNode card) {
        List<String> texts = new ArrayList<>();
        card.get("body").forEach(e -> {
            if (e.has("text")) {
                texts.add(e.get("text").asText());
            }
        });
        return texts;
    }

    @Test
    void anOpenCardHasExecuteActionsWithSubmitFallbackAndRefreshForEligibleApprovers() throws Exception {
        List<ApprovalCard.Vote> votes = List.of(new ApprovalCard.Vote("user:carol@example.com", DecisionKind.APPROVE, "checked"));
        JsonNode card = rendered(card("quarterly export", Map.of("limit", "100"), votes, null), List.of("29:u1", "29:u2", "29:u1"));

        assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.get("version").asText()).isEqualTo("1.5");
        JsonNode actions = card.get("actions");
        assertThat(actions).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode a = actions.get(i);
            String verb = i == 0 ? AdaptiveCards.APPROVE : AdaptiveCards.DENY;
            assertThat(a.get("type").asText()).isEqualTo("Action.Execute");
            assertThat(a.get("verb").asText()).isEqualTo(verb);
            assertThat(a.get("data").get("requestId").asText()).isEqualTo("ar-i-1");
            assertThat(a.get("fallback").get("type").asText()).isEqualTo("Action.Submit");
            assertThat(a.get("fallback").get("data").get("verb").asText()).isEqualTo(verb);
            assertThat(a.get("fallback").get("data").get("requestId").asText()).isEqualTo("ar-i-1");
        }
        assertThat(actions.get(0).get("title").asText()).isEqualTo("Approve");
        assertThat(actions.get(1).get("data").get("decision").asText()).isEqualTo("DENY");
        assertThat(card.get("refresh").get("action").get("verb").asText()).isEqualTo(AdaptiveCards.REFRESH);
        assertThat(card.get("refresh").get("action").get("type").asText()).isEqualTo("Action.Execute");
        assertThat(card.get("refresh").get("userIds")).extracting(JsonNode::asText).containsExactly("29:u1", "29:u2");

        JsonNode input = card.get("body").findParents("type").stream().filter(n -> n.get("type").asText().equals("Input.Text"))
                .findFirst().orElseThrow();
        assertThat(input.get("id").asText()).isEqualTo("reason");
        assertThat(input.get("isRequired").asBoolean()).isFalse();

        Map<String, String> summary = facts(card.get("body").get(1));
        assertThat(summary.get("Agent")).isEqualTo("agent\\:exporter (langgraph)");
        assertThat(summary.get("Delegation chain")).isEqualTo("user\\:alice\\@example\\.com → agent\\:exporter");
        assertThat(summary.get("Destination")).contains("⚠ EXTERNAL");
        assertThat(summary.get("Risk")).isEqualTo("80 / 100");
        assertThat(summary.get("Approvals")).isEqualTo("1 of 2 from data\\-stewards");
        assertThat(summary.get("Time left")).startsWith("30 min");
        assertThat(summary).containsKeys("Owner", "On behalf of", "Action", "Environment", "Matched rules");
        assertThat(String.join("\n", texts(card))).contains("PII (inherited from pg\\:\\/\\/crm\\/customers via dbt\\/nightly\\_export)",
                "FINANCE", "quarterly export", "✓ user\\:carol\\@example\\.com approved: checked");
        JsonNode parameters = card.get("body").findParents("facts").get(1);
        assertThat(facts(parameters)).containsEntry("limit", "100");
    }

    @Test
    void showsTheBlastRadiusLineWithTheDatasetPageOrSaysItIsUnavailableOrLeavesItOut() throws Exception {
        ApprovalCard base = card("r", Map.of(), List.of(), null);
        ObjectMapper json = JSON;
        JsonNode known = json.readTree(json.writeValueAsString(AdaptiveCards.render(base.withBlastRadius(
                new BlastRadius.Known(14, 3, false, Map.of("PII", 2), 5, 30)), List.of(), true, new DashboardLinks("https://cs.example/"))));
        List<String> texts = texts(known);
        assertThat(texts.get(texts.indexOf("Blast radius") + 1)).isEqualTo("feeds 14 datasets in 3 hops\\, 2 labelled PII\\; used by 5 agents this month");
        JsonNode link = known.get("body").findParents("type").stream().filter(n -> n.get("type").asText().equals("Action.OpenUrl"))
                .findFirst().orElseThrow();
        assertThat(link.get("title").asText()).isEqualTo("Dataset page");
        assertThat(link.get("url").asText()).isEqualTo("https://cs.example/#/datasets/s3%3A%2F%2Flake%2Fchurn");

        JsonNode unavailable = rendered(base.withBlastRadius(BlastRadius.Unavailable.UNREACHABLE), List.of());
        assertThat(texts(unavailable)).contains("blast radius unavailable \\(lineage index unreachable\\)");
        assertThat(texts(rendered(base, List.of()))).doesNotContain("Blast radius");
    }

    @Test
    void aClosedCardShowsTheOutcomeAndWhoDecidedWithoutButtons() throws Exception {
        ApprovalCard.Vote carol = new ApprovalCard.Vote("user:carol@example.com", DecisionKind.APPROVE, null);
        ApprovalCard.Outcome outcome = new ApprovalCard.Outcome(ApprovalCard.Result.APPROVED, "ALLOWED", "APPROVERS", null, List.of(carol));
        JsonNode card = rendered(card("r", Map.of(), List.of(carol), outcome), List.of("29:u1"));

        assertThat(card.get("version").asText()).isEqualTo("1.5");
        assertThat(card.has("actions")).isFalse();
        assertThat(card.has("refresh")).isFalse();
        assertThat(card.toString()).doesNotContain("Input.Text", "Action.");
        assertThat(texts(card).get(1)).isEqualTo("APPROVED, decided by user\\:carol\\@example\\.com");
        assertThat(facts(card.get("body").get(2))).containsEntry("Expired at", EXPIRES.toString());

        ApprovalCard.Outcome expired = new ApprovalCard.Outcome(ApprovalCard.Result.EXPIRED, "DENIED", "EXPIRED", "no quorum", List.of());
        assertThat(texts(rendered(card("r", Map.of(), List.of(), expired), List.of())).get(1))
                .isEqualTo("EXPIRED, decided by EXPIRED — no quorum");
    }

    @Test
    void longListsAreCutWithACount() throws Exception {
        Map<String, String> many = new LinkedHashMap<>();
        IntStream.range(0, 50).forEach(i -> many.put("p" + i, "v"));
        JsonNode card = rendered(card("r", many, List.of(), null), List.of());
        Map<String, String> parameters = facts(card.get("body").findParents("facts").get(1));
        assertThat(parameters).hasSize(AdaptiveCards.MAX_ITEMS + 1).containsEntry("…", "and 30 more parameters");
    }

    @Test
    void theLinkAnswerSaysWhetherAStepUpOrASignInForTheGroupIsNeeded() {
        Instant until = Instant.parse("2026-12-01T10:10:00Z");
        JsonNode stepUp = TeamsCards.invokeStepUp("https://dash.example.com/step-up?link=a", until, true).path("value");
        assertThat(stepUp.at("/body/0/text").asText()).startsWith("This request needs a fresh multi-factor sign-in to approve.")
                .contains("valid until 2026-12-01T10:10:00Z", "Nothing was recorded yet");
        assertThat(stepUp.at("/actions/0/title").asText()).isEqualTo("Approve with multi-factor sign-in");
        assertThat(stepUp.at("/actions/0/url").asText()).isEqualTo("https://dash.example.com/step-up?link=a");

        JsonNode signIn = TeamsCards.invokeStepUp("https://dash.example.com/step-up?link=b", until, false).path("value");
        assertThat(signIn.at("/body/0/text").asText()).startsWith("Your identity provider must confirm that you are in an approver group")
                .doesNotContain("multi-factor");
        assertThat(signIn.at("/actions/0/title").asText()).isEqualTo("Approve after signing in");
    }
}
