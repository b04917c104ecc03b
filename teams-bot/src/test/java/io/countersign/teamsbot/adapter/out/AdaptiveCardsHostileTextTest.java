package io.countersign.teamsbot.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.approvals.domain.ApprovalCard;
import io.countersign.schema.DecisionKind;
import org.junit.jupiter.api.Test;

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
    void textIsMadeVisibleCutAndEscaped() {
        assertThat(CardMarkdown.text("[click](https://evil)")).isEqualTo("\\[click\\]\\(https\\:\\/\\/evil\\)");
        assertThat(CardMarkdown.text("a\u202Eb")).isEqualTo("a\\[U\\+202E\\]b");
        assertThat(CardMarkdown.text("one\ntwo")).isEqualTo("one ⏎ two");
        assertThat(CardMarkdown.text("1. first")).isEqualTo("1\\. first");
        assertThat(CardMarkdown.text("x".repeat(10_000))).hasSize(CardMarkdown.FIELD).endsWith("…");
        assertThat(CardMarkdown.text(null)).isEqualTo("(empty)");
    }
}
