package io.countersign.processors.domain.policy;

import io.countersign.schema.ActionIntent;
import io.countersign.schema.Effect;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.countersign.processors.domain.policy.PolicyIntentFixture.anIntent;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule index must never change a decision: for many random intents, evaluation through the index
 * gives exactly what evaluating every rule gives, matches, errors and review requirements included.
 */
class RuleIndexTest {

    private static final String[] ACTIONS = {"db.read", "db.export", "iam.role.grant", "infra.apply", "model.train", "s3.copy", "x"};
    private static final String[] LABELS = {"PII", "PHI", "SECRET", "FINANCE", "INTERNAL"};
    private static final String[] ENVS = {"prod", "staging", "dev", ""};

    /** Every guard form, guards mixed with conditions the index cannot use, and conditions that err. */
    private static final List<String> CONDITIONS = List.of(
            "intent.action == '%A'",
            "'%E' == env && intent.destination.external",
            "intent.action.startsWith('%P') && '%L' in labels",
            "intent.action.endsWith('.export') && !('%L' in labels)",
            "'%L' in labels || intent.action == '%A'",
            "'%K' in intent.parameters && intent.agent.framework == '%F'",
            "intent.destination.uri.startsWith('s3://vendor-%N/') && '%L' in labels",
            "intent.parameters['%K'] == 'yes' && env == '%E'",
            "intent.parameters.%K == 'yes'",
            "labels.exists(l, l == '%L') && intent.action.endsWith('%S')",
            "intent.parameters.%K == 'yes' && env == '%E' && intent.action == '%A'",
            "'%L' in resource['pg://crm/t%N'] && intent.action == '%A'");

    @Test
    void indexedEvaluationDecidesExactlyAsEvaluatingEveryRule() {
        Random random = new Random(42);
        Set<Effect> effects = EnumSet.noneOf(Effect.class);
        int failedEvaluations = 0;
        // Many small policies rather than one big one: with hundreds of rules nearly every intent is denied.
        for (int p = 0; p < 40; p++) {
            Policy policy = PolicyLoader.parse(policy(random, 20 + random.nextInt(40)), "generated-" + p + ".yaml");
            assertThat(policy.unindexedRules()).isLessThan(policy.size() / 2);
            for (int n = 0; n < 150; n++) {
                ActionIntent intent = randomIntent(random);
                Map<String, List<String>> labels = randomLabels(random, intent);
                PolicyDecision indexed = policy.evaluate(intent, labels);
                assertThat(indexed).as("policy %d, intent %d", p, n).isEqualTo(policy.evaluateEveryRule(intent, labels));
                effects.add(indexed.effect());
                failedEvaluations += indexed.matched().stream()
                        .anyMatch(m -> m.getDescription() != null && m.getDescription().startsWith("evaluation failed")) ? 1 : 0;
            }
        }
        // The comparison is only worth something if the sample reaches every outcome, errors included.
        assertThat(effects).containsExactlyInAnyOrder(Effect.values());
        assertThat(failedEvaluations).isPositive();
    }

    @Test
    void shippedPolicyDecidesTheSameWithAndWithoutTheIndex() {
        Random random = new Random(7);
        Policy policy = PolicyLoader.shippedDefault();
        for (int n = 0; n < 2_000; n++) {
            ActionIntent intent = randomIntent(random);
            Map<String, List<String>> labels = randomLabels(random, intent);
            assertThat(policy.evaluate(intent, labels)).isEqualTo(policy.evaluateEveryRule(intent, labels));
        }
    }

    private static String policy(Random random, int rules) {
        StringBuilder y = new StringBuilder("defaultEffect: review\ndefaultReview:\n  approvers: [security-oncall]\nrules:\n");
        for (int i = 0; i < rules; i++) {
            String condition = CONDITIONS.get(random.nextInt(CONDITIONS.size()))
                    .replace("%A", pick(random, ACTIONS)).replace("%E", pick(random, ENVS))
                    .replace("%P", prefix(random))
                    .replace("%S", pick(random, ACTIONS).substring(1)).replace("%L", pick(random, LABELS))
                    .replace("%K", "k" + random.nextInt(8)).replace("%F", "fw" + random.nextInt(4))
                    .replace("%N", String.valueOf(random.nextInt(5)));
            String effect = switch (i % 3) {
                case 0 -> "allow";
                case 1 -> "deny";
                default -> "review\n    approvers: [g" + (i % 5) + "]\n    quorum: " + (1 + i % 3) + "\n    ttl: " + (10 + i) + "m";
            };
            y.append("  - id: r").append(i).append("\n    condition: \"").append(condition).append("\"\n    effect: ").append(effect).append('\n');
        }
        return y.toString();
    }

    private static ActionIntent randomIntent(Random random) {
        Map<String, String> parameters = IntStream.range(0, random.nextInt(3)).boxed()
                .collect(Collectors.toMap(i -> "k" + random.nextInt(8), i -> random.nextBoolean() ? "yes" : "no", (a, b) -> a));
        PolicyIntentFixture f = anIntent().action(pick(random, ACTIONS)).env(pick(random, ENVS)).parameters(parameters)
                .framework(random.nextBoolean() ? "fw" + random.nextInt(4) : null)
                .targets("pg://crm/t" + random.nextInt(5), "pg://crm/t" + random.nextInt(5));
        if (random.nextBoolean()) {
            f.external("s3://vendor-" + random.nextInt(6) + "/out.csv");
        }
        return f.build();
    }

    private static Map<String, List<String>> randomLabels(Random random, ActionIntent intent) {
        Map<String, List<String>> labels = new HashMap<>();
        for (String target : intent.getTargets()) {
            labels.put(target, IntStream.range(0, random.nextInt(3)).mapToObj(i -> pick(random, LABELS)).distinct().toList());
        }
        return labels;
    }

    private static String prefix(Random random) {
        String action = pick(random, ACTIONS);
        return action.substring(0, Math.min(action.length(), 1 + random.nextInt(4)));
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
