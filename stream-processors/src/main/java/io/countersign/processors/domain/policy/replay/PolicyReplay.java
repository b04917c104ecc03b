package io.countersign.processors.domain.policy.replay;

import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyDecision;
import io.countersign.schema.Effect;
import io.countersign.schema.MatchedRule;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * Replays past policy decisions ({@link PastDecision}s from the audit log) through a candidate {@link Policy}
 * and reports which intents it would decide differently ({@link ReplayReport}). Pure: the caller reads the
 * history; nothing is written anywhere.
 */
public final class PolicyReplay {

    /** How often {@code progress} hears the number replayed so far, unless the caller chooses. */
    public static final long PROGRESS_EVERY = 100_000;

    private PolicyReplay() {
    }

    /** Replays {@code history} through {@code candidate}, keeping at most {@code limit} flips in the report. */
    public static ReplayReport replay(Iterator<PastDecision> history, Policy candidate, int limit, LongConsumer progress) {
        return replay(history, candidate, limit, PROGRESS_EVERY, progress);
    }

    /** As {@link #replay(Iterator, Policy, int, LongConsumer)}, {@code progress} hearing the count after every {@code progressEvery} intents. */
    public static ReplayReport replay(Iterator<PastDecision> history, Policy candidate, int limit, long progressEvery, LongConsumer progress) {
        if (progressEvery < 1) {
            throw new IllegalArgumentException("progressEvery must be at least 1, got " + progressEvery);
        }
        long replayed = 0;
        long flipped = 0;
        Map<String, Long> byTransition = new TreeMap<>();
        Map<String, Long> byRule = new TreeMap<>();
        Map<String, Long> byAgentAndAction = new TreeMap<>();
        List<Flip> flips = new ArrayList<>();
        while (history.hasNext()) {
            PastDecision past = history.next();
            PolicyDecision now = candidate.evaluate(past.intent(), past.labels());
            replayed++;
            if (replayed % progressEvery == 0) {
                progress.accept(replayed);
            }
            if (now.effect() == past.effect()) {
                continue;
            }
            flipped++;
            List<String> rulesNow = now.matched().stream().map(MatchedRule::getId).toList();
            Flip flip = new Flip(past.intentId(), past.occurredAt(), past.intent().getAgent().getId(), past.intent().getAction(), past.effect(),
                    now.effect(), past.rules(), rulesNow, cause(past, now));
            byTransition.merge(flip.transition(), 1L, Long::sum);
            byRule.merge(flip.cause(), 1L, Long::sum);
            byAgentAndAction.merge(flip.agent() + " " + flip.action(), 1L, Long::sum);
            if (flips.size() < limit) {
                flips.add(flip);
            }
        }
        return new ReplayReport(replayed, flipped, candidate.version(), byTransition, byRule, byAgentAndAction, flips);
    }

    /** The rule that made the difference: the one now giving the new effect, else the old one that no longer applies. */
    private static String cause(PastDecision past, PolicyDecision now) {
        if (stricter(now.effect(), past.effect())) {
            return now.matched().stream().filter(m -> m.getEffect() == now.effect()).map(MatchedRule::getId).findFirst().orElse("default");
        }
        return past.rules().stream().filter(r -> now.matched().stream().noneMatch(m -> m.getId().equals(r))).findFirst().orElse("default");
    }

    private static boolean stricter(Effect a, Effect b) {
        return a.ordinal() > b.ordinal(); // ALLOW < REVIEW < DENY
    }
}
