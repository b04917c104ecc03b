package io.countersign.processors.domain.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.Effect;
import io.countersign.schema.MatchedRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A compiled policy: its rules' CEL programs, ready to evaluate. Immutable and thread-safe; a reload
 * builds a new instance. For each intent the variables are built once and every rule that can match
 * (after the {@link RuleIndex} has ruled out those whose guards fail) is evaluated: all matches are
 * reported, and the most restrictive effect wins (DENY over REVIEW over ALLOW). Before that, the facts
 * the agent could lie about are derived from the policy's own settings ({@link IntentFacts}): whether
 * the destination is external, the environment, and whether the action is a known one.
 */
public final class Policy {

    private static final Logger LOG = LoggerFactory.getLogger(Policy.class);

    /** A rule with its compiled condition. */
    record Compiled(Rule rule, CelRuntime.Program program, MatchedRule asMatch, List<Guard> guards) {
    }

    private final String origin;
    private final String version;
    private final Effect defaultEffect;
    private final ReviewRequirement defaultReview;
    private final List<Compiled> rules;
    private final RuleIndex index;
    private final IntentFacts facts;

    Policy(String origin, String version, Effect defaultEffect, ReviewRequirement defaultReview, List<Compiled> rules,
           IntentFacts facts) {
        this.facts = facts;
        this.origin = origin;
        this.version = version;
        this.defaultEffect = defaultEffect;
        this.defaultReview = defaultReview;
        this.rules = List.copyOf(rules);
        this.index = new RuleIndex(rules.stream().map(Compiled::guards).toList());
    }

    /** Decides on {@code intent}, given the effective labels of each of its targets. */
    public PolicyDecision evaluate(ActionIntent intent, Map<String, List<String>> labelsByDataset) {
        ActionIntent derived = facts.apply(intent);
        Map<String, Object> vars = PolicyVariables.of(derived, labelsByDataset);
        return decide(derived, vars, index.candidates(vars));
    }

    /**
     * {@code intent} as this policy sees it: {@code destination.external} decided from the policy's
     * internal destinations (never the agent's claim) and an undeclared environment replaced by the
     * policy's {@code unknownEnvironment}. What approvers are shown and the audit records.
     */
    public ActionIntent withDerivedFacts(ActionIntent intent) {
        return facts.apply(intent);
    }

    /** Evaluates every rule, without the index: the reference the index is tested against. */
    PolicyDecision evaluateEveryRule(ActionIntent intent, Map<String, List<String>> labelsByDataset) {
        BitSet all = new BitSet(rules.size());
        all.set(0, rules.size());
        ActionIntent derived = facts.apply(intent);
        return decide(derived, PolicyVariables.of(derived, labelsByDataset), all);
    }

    private PolicyDecision decide(ActionIntent intent, Map<String, Object> vars, BitSet candidates) {
        List<MatchedRule> matched = new ArrayList<>(2);
        Effect effect = null;
        ReviewRequirement review = null;
        Effect unknown = facts.unknownActionEffect(intent.getAction());
        if (unknown != null) {
            // An action the policy does not speak for (a typo, or an alias such as db.export.csv that would
            // slip past endsWith('.export')) is never allowed by rules written for other actions.
            matched.add(MatchedRule.newBuilder().setId(IntentFacts.UNKNOWN_ACTION).setEffect(unknown)
                    .setDescription("the action is not in the policy's actions list").build());
            effect = unknown;
            review = unknown == Effect.REVIEW ? defaultReview : null;
        }
        for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
            Compiled c = rules.get(i);
            Effect ruleEffect;
            MatchedRule match;
            try {
                Object result = c.program().eval(name -> Optional.ofNullable(vars.get(name)));
                if (!Boolean.TRUE.equals(result)) {
                    continue;
                }
                ruleEffect = c.rule().effect();
                match = c.asMatch();
            } catch (CelEvaluationException | RuntimeException e) {
                // Fail safe: a rule that cannot be evaluated asks a human instead of silently not applying.
                LOG.warn("Policy rule {} failed to evaluate for intent {}: {}", c.rule().id(), intent.getIntentId(), e.getClass().getSimpleName());
                ruleEffect = Effect.REVIEW;
                match = MatchedRule.newBuilder().setId(c.rule().id()).setEffect(Effect.REVIEW)
                        .setDescription("evaluation failed, so review is required: " + e.getMessage()).build();
            }
            matched.add(match);
            effect = stricter(effect, ruleEffect);
            if (ruleEffect == Effect.REVIEW) {
                ReviewRequirement r = c.rule().review() != null ? c.rule().review() : defaultReview;
                review = review == null ? r : review.combine(r);
            }
        }
        if (effect == null) {
            effect = defaultEffect;
            review = defaultEffect == Effect.REVIEW ? defaultReview : null;
        }
        return new PolicyDecision(effect, matched, effect == Effect.REVIEW ? review : null, version);
    }

    private static Effect stricter(Effect a, Effect b) {
        if (a == null) {
            return b;
        }
        return a.ordinal() >= b.ordinal() ? a : b; // the enum is declared ALLOW, REVIEW, DENY
    }

    /** SHA-256 of the policy text: identifies exactly which policy decided. */
    public String version() {
        return version;
    }

    public String origin() {
        return origin;
    }

    public int size() {
        return rules.size();
    }

    /** Rules evaluated for every intent because their conditions have no indexable guard. */
    public int unindexedRules() {
        return index.unguardedCount();
    }

    public List<Rule> rules() {
        return rules.stream().map(Compiled::rule).toList();
    }
}
