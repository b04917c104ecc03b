package io.countersign.processors.domain.gate;

import io.countersign.contracts.ids.IntentId;
import io.countersign.contracts.signing.ChannelKeys;
import io.countersign.contracts.signing.DelegationSignature;
import io.countersign.masking.Masker;
import io.countersign.processors.domain.audit.AuditEvents;
import io.countersign.processors.domain.classification.Classifier;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyDecision;
import io.countersign.processors.domain.policy.ReviewRequirement;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.DatasetClassification;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.Effect;
import io.countersign.schema.IntentClassification;
import io.countersign.schema.IntentSummary;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gate's decision as a pure function, so every rule of it is testable without Kafka: from an intent,
 * the labels its targets carry (declared and inherited through lineage, behind the {@link Classifier}),
 * the policy in force (which names its version) and the time, to a verdict or an approval request and
 * the audit events that record it.
 *
 * <p>Classification, policy, approvers and the audit see the intent with the facts the policy derives
 * ({@link Policy#withDerivedFacts}), never the agent's claim that a destination is internal. A target
 * that is not a readable dataset URI denies the intent whatever the policy says
 * ({@link Classifier.Classification#overrule}). Everything written is masked first: nothing in the
 * result carries the agent's raw parameters or free text.
 */
public final class Gate {

    private static final Logger LOG = LoggerFactory.getLogger(Gate.class);

    private Gate() {
    }

    /**
     * One intent to decide.
     *
     * @param submitted  the intent as the agent submitted it ({@link #validate validated})
     * @param intentHash the hash of {@code submitted}, which the verdict binds the execution to
     * @param receivedAt when the intent reached Countersign (its record time)
     * @param now        the time of the decision: audit times, verdict time, review deadline
     */
    public record Input(ActionIntent submitted, String intentHash, Instant receivedAt, Instant now) {
    }

    /** Decides on {@code in} with the labels {@code labels} finds and the policy {@code policy}. */
    public static GateDecision decide(Input in, Classifier labels, Policy policy) {
        String intentId = in.submitted().getIntentId();
        ActionIntent intent = policy.withDerivedFacts(in.submitted());
        Classifier.Classification classification = labels.classify(intent);
        PolicyDecision decision = classification.overrule(policy.evaluate(intent, classification.policyLabels(intent.getTargets())));
        ReviewRequirement review = decision.review();
        Masker masker = new Masker(review == null ? List.of() : new ArrayList<>(review.mask()));
        IntentSummary summary = MaskedIntent.summary(intent, masker);
        List<DatasetClassification> datasets = MaskedIntent.datasets(classification.datasets());
        List<String> riskReasons = MaskedIntent.reasons(classification.riskReasons());

        List<AuditRecord> events = new ArrayList<>(3);
        events.add(AuditEvents.event(intentId, AuditEventType.RECEIVED, in.now(), intent.getAgent().getId(), null, summary));
        events.add(AuditEvents.event(intentId, AuditEventType.CLASSIFIED, in.now(), "countersign", decision.effect().name(),
                IntentClassification.newBuilder().setIntentId(intentId).setDatasets(datasets)
                        .setRiskScore(classification.riskScore()).setRiskReasons(riskReasons)
                        .setEffect(decision.effect()).setMatchedRules(decision.matched())
                        .setPolicyVersion(decision.policyVersion()).build()));

        if (decision.effect() == Effect.REVIEW) {
            ApprovalRequest request = ApprovalRequest.newBuilder()
                    .setRequestId(requestId(intentId)).setIntentId(intentId).setIntentHash(in.intentHash())
                    .setIntent(summary).setClassification(datasets)
                    .setRiskScore(classification.riskScore()).setRiskReasons(riskReasons)
                    .setMatchedRules(decision.matched()).setEligibleGroups(review.approverGroups())
                    .setQuorum(review.quorum()).setRequireReasonOnApprove(review.requireReason())
                    .setStepUp(review.stepUp())
                    .setRoute(review.route()).setPolicyVersion(decision.policyVersion())
                    .setCreatedAt(in.receivedAt()).setExpiresAt(in.now().plus(review.ttl()))
                    .build();
            events.add(AuditEvents.event(intentId, AuditEventType.APPROVAL_REQUESTED, in.now(), "countersign",
                    review.quorum() + " of " + review.approverGroups(), request));
            return new GateDecision.Review(request, events);
        }
        Outcome outcome = decision.effect() == Effect.ALLOW ? Outcome.ALLOWED : Outcome.DENIED;
        Verdict verdict = Verdict.newBuilder()
                .setIntentId(intentId).setOutcome(outcome).setDecidedBy(DecidedBy.POLICY)
                .setMatchedRules(decision.matched()).setPolicyVersion(decision.policyVersion())
                .setIntentHash(in.intentHash())
                .setMessage(outcome == Outcome.ALLOWED ? "Allowed by policy" : "Denied by policy"
                        + (decision.matched().isEmpty() ? "" : " rule " + decision.matched().get(0).getId()))
                .setReceivedAt(in.receivedAt()).setDecidedAt(in.now())
                .setLatencyMs(Math.max(0, in.now().toEpochMilli() - in.receivedAt().toEpochMilli()))
                .build();
        events.add(AuditEvents.event(intentId, AuditEventType.VERDICT, in.now(), "countersign", outcome + " by POLICY", verdict));
        return new GateDecision.Decided(verdict, events);
    }

    /**
     * {@code intent} with its delegation proof only when the gateway's signature on it verifies under a trusted
     * {@code api} channel key ({@link DelegationSignature}); otherwise without one, so policy and the audit treat
     * the principal as claimed, not proven. A producer writing to the intents topic directly cannot make one up.
     */
    public static ActionIntent verifiedDelegation(ActionIntent intent, ChannelKeys keys) {
        if (intent.getDelegation() == null) {
            return intent;
        }
        Optional<String> failure = DelegationSignature.check(intent, keys);
        if (failure.isEmpty()) {
            return intent;
        }
        LOG.warn("Intent {}: delegation proof ignored, the principal is not proven: {}", intent.getIntentId(), failure.get());
        return ActionIntent.newBuilder(intent).setDelegation(null).build();
    }

    /** Approval request ids are derived from intent ids, so reprocessing after a crash makes the same request. */
    public static String requestId(String intentId) {
        return "ar-" + intentId;
    }

    /**
     * {@code intent} if it names what a decision needs (an {@link IntentId}, action, principal, agent);
     * otherwise an {@link IllegalArgumentException} saying which field is missing or malformed (the
     * record becomes a dead letter).
     */
    public static ActionIntent validate(ActionIntent intent) {
        if (intent == null) {
            throw new IllegalArgumentException("intent value is null (tombstones are not intents)");
        }
        IntentId.parse(intent.getIntentId()); // the one rule for intent ids; the message says what an id may be
        requireText(intent.getAction(), "action");
        requireText(intent.getPrincipal(), "principal");
        requireText(intent.getAgent().getId(), "agent.id");
        return intent;
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("intent field '" + field + "' is empty");
        }
    }
}
