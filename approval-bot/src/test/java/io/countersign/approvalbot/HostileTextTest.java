package io.countersign.approvalbot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import io.countersign.approvalbot.domain.RequestMessage;
import io.countersign.approvals.domain.ApprovalCards;
import io.countersign.approvals.domain.BlastRadius;
import io.countersign.schema.AgentRef;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.ApproverDecision;
import io.countersign.schema.DatasetClassification;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.Destination;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import io.countersign.schema.MatchedRule;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every agent-controlled (and approver-controlled) string is hostile: it must not ping anyone, link
 * anywhere, break out of its code span, fake another field with formatting or newlines, hide behind
 * invisible or bidi characters, or make Slack refuse the message by its length.
 */
class HostileTextTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DASHBOARDS = "http://127.0.0.1:8090/";
    private static final RequestMessage MESSAGE = new RequestMessage(DASHBOARDS);
    /** Our own markup that may contain '<': the expiry date token and the dashboards links (intent record, dataset page). */
    private static final String OWN_MARKUP = "<!date\\^[^>]*>|<" + DASHBOARDS.replace(".", "\\.") + "#/(intents|datasets)/[^|>]*\\|[^>]*>";

    /** Every agent- and approver-controlled field of a request set to {@code h}. */
    static ApprovalRequest everywhere(String h) {
        ApprovalRequest base = RequestMessageTest.request();
        var intent = base.getIntent();
        intent.setAgent(AgentRef.newBuilder().setId(h).setFramework(h).setOwner(h).build());
        intent.setPrincipal(h);
        intent.setDelegationChain(List.of(h, h));
        intent.setAction(h);
        intent.setEnvironment(h);
        intent.setTargets(List.of(h));
        intent.setDestination(Destination.newBuilder().setUri(h).setExternal(true).build());
        intent.setMaskedParameters(Map.of(h, h));
        intent.setReason(h);
        LabelEntry label = LabelEntry.newBuilder().setLabel(h).setSource(LabelSource.INHERITED).setProvenance(List.of(h)).setVia(List.of(h)).build();
        return ApprovalRequest.newBuilder(base).setIntent(intent)
                .setClassification(List.of(DatasetClassification.newBuilder().setDataset(h).setLabels(List.of(label)).build()))
                .setMatchedRules(List.of(MatchedRule.newBuilder(base.getMatchedRules().get(0)).setId(h).build()))
                .setEligibleGroups(List.of(h)).build();
    }

    static List<ApprovalDecision> decisions(String h) {
        return List.of(ApprovalDecision.newBuilder().setDecisionId("d1").setRequestId("ar-i-1").setIntentId("i-1").setIntentHash("h")
                .setApprover(h).setDecision(DecisionKind.APPROVE).setReason(h).setDecidedAt(NOW).build());
    }

    static Verdict denied(String h) {
        return Verdict.newBuilder().setIntentId("i-1").setOutcome(Outcome.DENIED).setDecidedBy(DecidedBy.APPROVERS).setPolicyVersion("v")
                .setIntentHash("h").setReceivedAt(NOW).setDecidedAt(NOW).setMessage(h)
                .setDecisions(List.of(ApproverDecision.newBuilder().setApprover(h).setDecision(DecisionKind.DENY).setReason(h).setChannel("slack")
                        .setDecidedAt(NOW).build())).build();
    }

    /** Every surface the bot renders a request on; the cards with a blast radius naming the label {@code h}. */
    static List<String> rendered(ApprovalRequest r, List<ApprovalDecision> d, Verdict v) {
        String h = r.getClassification().get(0).getLabels().isEmpty() ? "PII" : r.getClassification().get(0).getLabels().get(0).getLabel();
        BlastRadius radius = new BlastRadius.Known(14, 3, false, Map.of(h, 2), 5, 30);
        return List.of(json(MESSAGE.open(ApprovalCards.open(r, d, NOW).withBlastRadius(radius))),
                json(MESSAGE.closed(ApprovalCards.closed(r, v).withBlastRadius(radius))), json(MESSAGE.homeEntry(r, d, NOW)));
    }

    static String json(List<LayoutBlock> blocks) {
        return GsonFactory.createSnakeCase().toJson(blocks);
    }

    /** The text of every text object of {@code type} (mrkdwn or plain_text) in the blocks. */
    static List<String> texts(String blocksJson, String type) throws Exception {
        List<String> out = new ArrayList<>();
        collect(JSON.readTree(blocksJson), type, out);
        return out;
    }

    private static void collect(JsonNode n, String type, List<String> out) {
        if (n.isObject() && type.equals(n.path("type").asText()) && n.has("text") && n.get("text").isTextual()) {
            out.add(n.get("text").asText());
        }
        n.forEach(child -> collect(child, type, out));
    }

    /** What Slack would interpret in a mrkdwn text: everything outside code blocks, code spans and our own markup. */
    static String interpreted(String mrkdwn) {
        return mrkdwn.replaceAll("```[^`]*```", "").replaceAll("`[^`\n]*`", "").replaceAll(OWN_MARKUP, "");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<!channel> <!here> <!everyone> <@U123> <#C123> <!subteam^S1>",
        "<https://evil.example|click here to approve>",
        "x` *Approved by:* security `y ``` *Approved by:* security ```",
        "fine\n*Approved by:* security\n> quorum reached",
        "*bold* _italic_ ~strike~ :rotating_light: security",
        "https://evil.example/approve and mallory@evil.example",
        "&lt;!channel&gt; &amp; security",
    })
    void hostileTextIsShownAsLiteralTextInsideCodeAndNeverInterpreted(String hostile) throws Exception {
        for (String blocks : rendered(everywhere(hostile), decisions(hostile), denied(hostile))) {
            for (String text : texts(blocks, "mrkdwn")) {
                String live = interpreted(text);
                assertThat(live).as("interpreted part of %s", text)
                        .doesNotContain("<", "security", "evil", "U123", "C123", "rotating_light", "&lt;!", "everyone", "Approved by");
            }
            assertThat(texts(blocks, "plain_text")).allSatisfy(t -> assertThat(t).doesNotContain("\n"));
        }
        String fallback = MESSAGE.fallback(ApprovalCards.open(everywhere(hostile), List.of(), NOW));
        assertThat(interpreted(fallback)).doesNotContain("<", "security", "evil", "U123", "Approved by");
    }

    @Test
    void theBlastRadiusLineIsShownInsideCodeWithItsLabelEscapedAndTheDatasetPageLinkedEncoded() throws Exception {
        String hostile = "<!channel> *PII* <https://e.vil|x> `";
        String blocks = json(MESSAGE.open(ApprovalCards.open(everywhere(hostile), List.of(), NOW)
                .withBlastRadius(new BlastRadius.Known(14, 3, false, Map.of(hostile, 2), 5, 30))));
        String line = texts(blocks, "mrkdwn").stream().filter(t -> t.contains("Blast radius")).findFirst().orElseThrow();

        assertThat(line).contains("`feeds 14 datasets in 3 hops, 2 labelled &lt;!channel&gt; *PII* &lt;https://e.vil|x&gt; ˋ;"
                + " used by 5 agents this month`");
        assertThat(line).contains("<" + DASHBOARDS + "#/datasets/%3C%21channel%3E%20*PII*%20%3Chttps%3A%2F%2Fe.vil%7Cx%3E%20%60|dataset page>");
        assertThat(interpreted(line)).doesNotContain("<", "channel", "vil", "PII");
    }

    @Test
    void ampersandsAndAngleBracketsAreEscapedAsSlackDocuments() throws Exception {
        List<String> texts = texts(json(MESSAGE.open(ApprovalCards.open(everywhere("a & <b> c"), List.of(), NOW))), "mrkdwn");
        assertThat(texts).anySatisfy(t -> assertThat(t).contains("a &amp; &lt;b&gt; c"));
        assertThat(String.join("", texts)).doesNotContain("<b>");
    }

    @Test
    void invisibleAndBidiCharactersAreShownNotObeyed() throws Exception {
        String target = "s3://lake/\u202Etxt.exe/ch\u200Burn\u2066\u00AD";
        String blocks = json(MESSAGE.open(ApprovalCards.open(everywhere(target), List.of(), NOW)));
        String all = String.join("", texts(blocks, "mrkdwn")) + String.join("", texts(blocks, "plain_text"));
        assertThat(all).doesNotContain("\u202E", "\u200B", "\u2066", "\u00AD").contains("U+202E", "U+200B", "U+2066");
    }

    @Test
    void hugeRequestsAreCutToSlacksLimitsWithALinkToTheFullRecord() throws Exception {
        ApprovalRequest base = RequestMessageTest.request();
        var intent = base.getIntent();
        String huge = "R".repeat(10_000);
        intent.setReason(huge);
        intent.setAction("a".repeat(500));
        intent.setAgent(AgentRef.newBuilder(intent.getAgent()).setId("agent:" + "x".repeat(5000)).build());
        intent.setDelegationChain(IntStream.range(0, 200).mapToObj(i -> "user:person" + i + "@example.com").toList());
        Map<String, String> params = new LinkedHashMap<>();
        IntStream.range(0, 64).forEach(i -> params.put("param" + i, "v&<".repeat(8192 / 3)));
        intent.setMaskedParameters(params);
        List<DatasetClassification> targets = IntStream.range(0, 200).mapToObj(i -> DatasetClassification.newBuilder()
                .setDataset("s3://lake/" + "t".repeat(200) + i)
                .setLabels(List.of(LabelEntry.newBuilder().setLabel("PII").setSource(LabelSource.DECLARED).build())).build()).toList();
        ApprovalRequest r = ApprovalRequest.newBuilder(base).setIntent(intent).setClassification(targets).build();
        List<ApprovalDecision> many = IntStream.range(0, 100).mapToObj(i -> decisions("user:approver" + i + "@example.com" + "y".repeat(300)).get(0))
                .toList();
        Verdict v = denied("z".repeat(5000));

        for (String blocks : rendered(r, many, v)) {
            assertThat(BlockKitLimits.violations(blocks, 50)).isEmpty();
            String all = String.join("\n", texts(blocks, "mrkdwn"));
            assertThat(all).contains("…");
        }
        String open = json(MESSAGE.open(ApprovalCards.open(r, many, NOW)));
        assertThat(String.join("\n", texts(open, "mrkdwn"))).contains("<" + DASHBOARDS + "#/intents/i-1|");
        assertThat(String.join("", texts(open, "plain_text"))).contains("…");
        assertThat(MESSAGE.fallback(ApprovalCards.open(r, many, NOW)).length()).isLessThanOrEqualTo(3000);
    }
}
