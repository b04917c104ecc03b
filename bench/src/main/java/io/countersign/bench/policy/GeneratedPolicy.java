package io.countersign.bench.policy;

import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.Destination;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Generates policies of N realistic rules for the policy benchmark: conditions mix action prefixes,
 * label membership, environment, destination and parameter checks, as real policies do, and only a
 * handful match the representative intent (so the cost measured is mostly rules that do not apply).
 */
public final class GeneratedPolicy {

    /** Rules of the generated policies that match {@link #representativeIntent()}. */
    public static final List<String> MATCHING = List.of("export-pii-external", "prod-export-review");

    private static final String[] ACTIONS = {"db.read", "db.write", "iam.role.grant", "infra.apply", "model.train", "s3.copy"};
    private static final String[] LABELS = {"PHI", "PCI", "SECRET", "FINANCE", "HR", "LEGAL"};

    private GeneratedPolicy() {
    }

    public static String yaml(int rules) {
        StringBuilder y = new StringBuilder("defaultEffect: allow\nrules:\n");
        y.append(rule("export-pii-external", "intent.action.endsWith('.export') && intent.destination.external && 'PII' in labels",
                "review\n    approvers: [data-stewards]\n    quorum: 2\n    ttl: 30m"));
        y.append(rule("prod-export-review", "env == 'prod' && intent.action == 'db.export'",
                "review\n    approvers: [security-oncall]\n    quorum: 1\n    ttl: 1h"));
        for (int i = 2; i < rules; i++) {
            String action = ACTIONS[i % ACTIONS.length];
            String label = LABELS[(i / ACTIONS.length) % LABELS.length];
            String condition = switch (i % 4) {
                case 0 -> "intent.action == '" + action + "' && '" + label + "' in labels";
                case 1 -> "intent.action.startsWith('" + action.substring(0, action.indexOf('.') + 1) + "') && env == 'staging-" + i + "'";
                case 2 -> "'" + label + "' in labels && intent.destination.uri.startsWith('s3://vendor-" + i + "/')";
                default -> "'ticket-" + i + "' in intent.parameters && intent.agent.framework == 'fw-" + i + "'";
            };
            y.append(rule("generated-" + i, condition, i % 3 == 0 ? "deny" : "allow"));
        }
        return y.toString();
    }

    private static String rule(String id, String condition, String effect) {
        return "  - id: " + id + "\n    condition: \"" + condition + "\"\n    effect: " + effect + "\n";
    }

    public static Policy compile(int rules) {
        return PolicyLoader.parse(yaml(rules), "generated-" + rules + ".yaml");
    }

    /** An export of PII to an external bucket in prod: the common case a gate sees for a risky action. */
    public static ActionIntent representativeIntent() {
        return ActionIntent.newBuilder().setIntentId("bench-1").setOccurredAt(Instant.EPOCH)
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setFramework("langgraph").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:exporter"))
                .setAction("db.export").setTargets(List.of("pg://crm/customers", "pg://crm/orders"))
                .setDestination(Destination.newBuilder().setUri("s3://partner-drop/x.csv").setExternal(true).build())
                .setParameters(Map.of("format", "csv", "where", "region = 'EU'")).setEnvironment("prod").build();
    }

    public static Map<String, List<String>> representativeLabels() {
        return Map.of("pg://crm/customers", List.of("PII"), "pg://crm/orders", List.of("INTERNAL"));
    }
}
