package io.countersign.processors.domain.gate;

import io.countersign.processors.domain.classification.Classifier;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.Destination;
import io.countersign.schema.IntentClassification;
import io.countersign.schema.IntentSummary;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import io.countersign.schema.MatchedRule;
import io.countersign.schema.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gate's decision without Kafka: labels from maps, a policy from text, the time given. */
class GateTest {

    private static final String POLICY = """
            defaultEffect: allow
            internalDestinations: [s3://acme-lake/**]
            actions: [db.read, db.export]
            unknownActions: deny
            rules:
              - id: pii-external-export
                description: Exporting PII outside needs two data stewards
                condition: intent.action == 'db.export' && intent.destination.external && 'PII' in labels
                effect: review
                approvers: [data-stewards]
                quorum: 2
                ttl: 30m
                mask: [where]
              - id: secret-external
                description: SECRET never leaves
                condition: "'SECRET' in labels && intent.destination.external"
                effect: deny
            """;
    private static final Instant RECEIVED = Instant.parse("2026-11-22T12:00:00Z");
    private static final Instant NOW = RECEIVED.plusMillis(40);

    private final Policy policy = PolicyLoader.parse(POLICY, "gate-test.yaml");
    private final Map<String, DatasetLabels> declared = Map.of(
            "pg://crm/customers", labels("pg://crm/customers", "PII", LabelSource.DECLARED),
            "vault://prod/keys", labels("vault://prod/keys", "SECRET", LabelSource.DECLARED));
    private final Map<String, DatasetLabels> inherited = Map.of(
            "s3://acme-lake/customer-extract", labels("s3://acme-lake/customer-extract", "PII", LabelSource.INHERITED));
    private final Classifier classifier = new Classifier(declared::get, inherited::get, List.of("UNCLASSIFIED"));

    @Test
    void anIntentNoRuleStopsIsAllowedAtOnceWithTheIntentHashAndPolicyVersion() {
        GateDecision.Decided d = decided(intent("i-1", "db.read", null, "pg://crm/customers"));

        assertThat(d.verdict().getOutcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(d.verdict().getDecidedBy()).isEqualTo(DecidedBy.POLICY);
        assertThat(d.verdict().getIntentHash()).isEqualTo("hash-i-1");
        assertThat(d.verdict().getPolicyVersion()).isEqualTo(policy.version());
        assertThat(d.verdict().getMessage()).isEqualTo("Allowed by policy");
        assertThat(d.verdict().getReceivedAt()).isEqualTo(RECEIVED);
        assertThat(d.verdict().getDecidedAt()).isEqualTo(NOW);
        assertThat(d.verdict().getLatencyMs()).isEqualTo(40);
        assertThat(d.audit()).extracting(AuditRecord::getEventType)
                .containsExactly(AuditEventType.RECEIVED, AuditEventType.CLASSIFIED, AuditEventType.VERDICT);
        assertThat(d.audit()).allSatisfy(e -> assertThat(e.getOccurredAt()).isEqualTo(NOW));
        assertThat(d.audit().get(0).getActor()).isEqualTo("agent:exporter");
    }

    @Test
    void secretLeavingIsDeniedNamingTheRule() {
        GateDecision.Decided d = decided(intent("i-2", "db.export", "https://pastebin.example/x", "vault://prod/keys"));

        assertThat(d.verdict().getOutcome()).isEqualTo(Outcome.DENIED);
        assertThat(d.verdict().getMessage()).isEqualTo("Denied by policy rule secret-external");
        assertThat(d.audit().get(2).getNote()).isEqualTo("DENIED by POLICY");
    }

    @Test
    void piiLeavingGoesToReviewWithTheRulesRequirementAndMaskedParameters() {
        GateDecision.Review r = review(intent("i-3", "db.export", "s3://partner/drop", "pg://crm/customers"));
        ApprovalRequest request = r.request();

        assertThat(request.getRequestId()).isEqualTo("ar-i-3").isEqualTo(Gate.requestId("i-3"));
        assertThat(request.getEligibleGroups()).containsExactly("data-stewards");
        assertThat(request.getQuorum()).isEqualTo(2);
        assertThat(request.getCreatedAt()).isEqualTo(RECEIVED);
        assertThat(request.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
        assertThat(request.getMatchedRules()).extracting(MatchedRule::getId).containsExactly("pii-external-export");
        assertThat(request.getIntent().getMaskedParameters().get("where")).doesNotContain("bob@example.com");
        assertThat(r.audit()).extracting(AuditRecord::getEventType)
                .containsExactly(AuditEventType.RECEIVED, AuditEventType.CLASSIFIED, AuditEventType.APPROVAL_REQUESTED);
        assertThat(r.audit().get(2).getNote()).isEqualTo("2 of [data-stewards]");
        // The audit keeps the masked summary too, never the raw parameter.
        assertThat(((IntentSummary) r.audit().get(0).getEvent()).getMaskedParameters().get("where")).doesNotContain("bob@example.com");
    }

    @Test
    void labelsInheritedThroughLineageCountAsDeclaredOnes() {
        review(intent("i-4", "db.export", "s3://partner/drop", "s3://acme-lake/customer-extract"));
    }

    @Test
    void theAgentsClaimThatADestinationIsInternalIsNotBelieved() {
        ActionIntent claimsInternal = ActionIntent.newBuilder(intent("i-5", "db.export", "s3://partner/drop", "pg://crm/customers"))
                .setDestination(Destination.newBuilder().setUri("s3://partner/drop").setExternal(false).build()).build();
        review(claimsInternal);

        GateDecision.Decided internal = decided(intent("i-6", "db.export", "s3://acme-lake/copy", "pg://crm/customers"));
        assertThat(internal.verdict().getOutcome()).isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void aTargetThatIsNotADatasetUriIsDeniedWhateverThePolicySays() {
        GateDecision.Decided d = decided(intent("i-7", "db.read", null, "pg://web/pages", "pg://crm/\u0000customers"));

        assertThat(d.verdict().getOutcome()).isEqualTo(Outcome.DENIED);
        assertThat(d.verdict().getMatchedRules()).extracting(MatchedRule::getId)
                .startsWith(Classifier.Classification.UNREADABLE_TARGET_RULE);
        IntentClassification classified = (IntentClassification) d.audit().get(1).getEvent();
        assertThat(classified.getDatasets().get(1).getKnown()).isFalse();
        assertThat(classified.getDatasets().get(1).getLabels()).extracting(LabelEntry::getLabel).contains("UNCLASSIFIED");
    }

    @Test
    void anActionThePolicyDoesNotListIsDenied() {
        GateDecision.Decided d = decided(intent("i-8", "db.export.csv", null, "pg://web/pages"));

        assertThat(d.verdict().getOutcome()).isEqualTo(Outcome.DENIED);
        assertThat(d.verdict().getMatchedRules()).extracting(MatchedRule::getId).contains("unknown-action");
    }

    @Test
    void anUnlabelledDatasetIsUnclassifiedNeverPublic() {
        GateDecision.Decided d = decided(intent("i-9", "db.read", null, "pg://nobody/knows"));

        IntentClassification classified = (IntentClassification) d.audit().get(1).getEvent();
        assertThat(classified.getDatasets().get(0).getLabels()).extracting(LabelEntry::getLabel).containsExactly("UNCLASSIFIED");
        assertThat(classified.getPolicyVersion()).isEqualTo(policy.version());
    }

    @Test
    void anIntentWithoutWhatADecisionNeedsIsRefused() {
        ActionIntent noAction = ActionIntent.newBuilder(intent("i-10", "db.read", null, "pg://web/pages")).setAction(" ").build();

        assertThatThrownBy(() -> Gate.validate(noAction)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'action'");
        assertThatThrownBy(() -> Gate.validate(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tombstones");
    }

    @Test
    void anIntentWhoseIdIsNoIntentIdIsRefused() {
        for (String id : new String[]{"i-11\nforged log line", "i 11", "i-11\u202e", "x".repeat(129), " "}) {
            ActionIntent bad = ActionIntent.newBuilder(intent("i-11", "db.read", null, "pg://web/pages")).setIntentId(id).build();
            assertThatThrownBy(() -> Gate.validate(bad)).as(id).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intent id");
        }
        assertThat(Gate.validate(intent("urn:uuid:0f8a-11", "db.read", null, "pg://web/pages")).getIntentId()).isEqualTo("urn:uuid:0f8a-11");
    }

    private GateDecision decide(ActionIntent intent) {
        return Gate.decide(new Gate.Input(Gate.validate(intent), "hash-" + intent.getIntentId(), RECEIVED, NOW), classifier, policy);
    }

    private GateDecision.Decided decided(ActionIntent intent) {
        GateDecision d = decide(intent);
        assertThat(d).isInstanceOf(GateDecision.Decided.class);
        return (GateDecision.Decided) d;
    }

    private GateDecision.Review review(ActionIntent intent) {
        GateDecision d = decide(intent);
        assertThat(d).isInstanceOf(GateDecision.Review.class);
        return (GateDecision.Review) d;
    }

    private static ActionIntent intent(String id, String action, String destination, String... targets) {
        return ActionIntent.newBuilder()
                .setIntentId(id).setOccurredAt(RECEIVED)
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com")
                .setDelegationChain(List.of("user:alice@example.com", "agent:exporter"))
                .setAction(action).setTargets(List.of(targets))
                .setDestination(destination == null ? null : Destination.newBuilder().setUri(destination).setExternal(true).build())
                .setParameters(Map.of("where", "email = 'bob@example.com'")).setReason("a test").setEnvironment("prod")
                .build();
    }

    private static DatasetLabels labels(String dataset, String label, LabelSource source) {
        return DatasetLabels.newBuilder().setDataset(dataset)
                .setLabels(List.of(LabelEntry.newBuilder().setLabel(label).setSource(source).build()))
                .setUpdatedAt(RECEIVED).build();
    }
}
