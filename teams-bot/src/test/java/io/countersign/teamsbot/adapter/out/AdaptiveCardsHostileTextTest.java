package io.countersign.teamsbot.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.approvals.domain.ApprovalCard;
import io.countersign.approvals.domain.BlastRadius;
import io.countersign.approvals.domain.DashboardLinks;
import io.countersign.schema.DecisionKind;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Agent and approver text cannot make links, emphasis, lists, mentions or invisible reordering on the Teams card. */
class AdaptiveCardsHostileTextTest {

    private static final List<String> CORPUS = List.of(
            "[click here to approve](https://evil.example/x)", "**bold** and _it_ ~~gone~~", "<at>Everyone</at> please approve",
            "safe\u202Etxt.exe", "line one\n# heading\n- item\n> quote\r\n1. first", "@everyone look", "`code` | table |",
            "https://evil.example/auto", "zero\u200Bwidth", "x".repeat(10_000));
    /**
     * Markup the corpus tries, not preceded by a backslash: a link or image, emphasis, strike, code, HTML or
     * an {@code <at>} mention, an @-mention or e-mail, a URL, a heading, list or quote at the start.
     */
    private static final Pattern LIVE = Pattern.compile(
            "(?<!\\\\)[\\[\\]`<>|]|(?<!\\\\)[*_~]{1,2}\\S|(?<!\\\\)@|://|^\\s*(?:#|[-+*] |>|\\d+[.)] )");

    @Test
    void everyHostileStringIsInertOnTheCard() throws Exception {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < CORPUS.size(); i++) {
            parameters.put("k" + i + CORPUS.get(i), CORPUS.get(i));
        }
        List<ApprovalCard.Vote> votes = CORPUS.stream().map(s -> new ApprovalCard.Vote(s, DecisionKind.DENY, s)).toList();
        for (String hostile : CORPUS) {
            JsonNode card = AdaptiveCardsTest.rendered(AdaptiveCardsTest.card(hostile, parameters, votes, null), List.of("29:u1"));
            List<String> shown = new ArrayList<>(AdaptiveCardsTest.texts(card));
            card.get("body").findParents("facts").forEach(set -> AdaptiveCardsTest.facts(set).forEach((k, v) -> {
                shown.add(k);
                shown.add(v);
            }));
            String reason = AdaptiveCardsTest.texts(card).stream().filter(t -> t.startsWith(CardMarkdown.text(hostile).substring(0, 3)))
                    .findFirst().orElseThrow();
            assertThat(reason.length()).isLessThanOrEqualTo(2 * CardMarkdown.FIELD);
            for (String s : shown) {
                assertThat(s).doesNotContain("\u202E", "\u200B", "\n", "\r", "](", "<at>", "**");
                assertThat(LIVE.matcher(s).find()).as("live markup in %s", s).isFalse();
                assertThat(s.length()).isLessThan(1_000);
            }
            assertThat(card.toString()).doesNotContain("Action.OpenUrl", "msteams", "mention");
        }
    }

    @Test
    void theBlastRadiusLineIsEscapedAndItsDatasetLinkStaysOneEncodedSegmentOfTheDashboards() throws Exception {
        for (String hostile : CORPUS) {
            ApprovalCard base = AdaptiveCardsTest.card("r", Map.of(), List.of(), null);
            ApprovalCard card = new ApprovalCard(base.requestId(), base.intentId(), base.agent(), base.principal(), base.delegationChain(),
                    base.action(), base.environment(), List.of(new ApprovalCard.Target(hostile, List.of())), base.destination(), base.rules(),
                    base.risk(), base.reason(), base.parameters(), base.progress(), base.expiresAt(), base.secondsLeft(), base.route(), null,
                    new BlastRadius.Known(14, 3, false, Map.of(hostile, 2), 5, 30));
            JsonNode rendered = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(
                    AdaptiveCards.render(card, List.of(), true, new DashboardLinks("https://cs.example/"))));
            List<String> texts = AdaptiveCardsTest.texts(rendered);
            String line = texts.get(texts.indexOf("Blast radius") + 1);
            assertThat(line).startsWith("feeds 14 datasets in 3 hops\\, 2 labelled ").endsWith("\\; used by 5 agents this month")
                    .doesNotContain("\u202E", "\u200B", "\n", "](", "<at>", "**");
            assertThat(LIVE.matcher(line).find()).as("live markup in %s", line).isFalse();
            List<JsonNode> links = rendered.findParents("url");
            assertThat(links).hasSize(1);
            String encoded = URLEncoder.encode(hostile, StandardCharsets.UTF_8).replace("+", "%20");
            assertThat(links.get(0).get("url").asText()).isEqualTo(encoded.length() > 300 ? "https://cs.example/"
                    : "https://cs.example/#/datasets/" + encoded);
        }
    }

    @Test
    void textIsMadeVisibleCutAndEscaped() {
        assertThat(CardMarkdown.text("[click](https://evil)")).isEqualTo("\\[click\\]\\(https\\:\\/\\/evil\\)");
        assertThat(CardMarkdown.text("a\u202Eb")).isEqualTo("a\\[U\\+202E\\]b");
        assertThat(CardMarkdown.text("one\ntwo")).isEqualTo("one ⏎ two");
        assertThat(CardMarkdown.text("1. first")).isEqualTo("1\\. first");
        assertThat(CardMarkdown.text("x".repeat(10_000))).hasSize(CardMarkdown.FIELD).endsWith("…");
        assertThat(CardMarkdown.text(null)).isEqualTo("(empty)");
    }
}
