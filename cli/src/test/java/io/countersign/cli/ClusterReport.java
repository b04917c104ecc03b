package io.countersign.cli;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Test fixture: the Markdown report of a fault run, the figures a closing note or a capacity plan quotes. */
final class ClusterReport {

    private ClusterReport() {
    }

    static String markdown(LocalDeployment d, Map<String, Long> memoryAtStart, Map<String, Long> memoryAtEnd, String latency, int intents,
                           int reviews, long indexed, String verify, String propagation) {
        StringBuilder r = new StringBuilder("# Countersign on a multi-process cluster: fault run\n\n");
        r.append("Load: %d intents/s through both gateways (round robin), every 10th an IAM change in prod (review).%n%n"
                .formatted(Integer.getInteger("countersign.cluster.rate", 20)));
        r.append("## Start-up\n\n| part | ms |\n|---|---|\n");
        d.startMillis.forEach((what, ms) -> r.append("| ").append(what).append(" | ").append(ms).append(" |\n"));
        r.append("\n## Processes (resident memory, MB)\n\n| process | at start | at the end |\n|---|---|---|\n");
        Set<String> names = new LinkedHashSet<>(memoryAtStart.keySet());
        names.addAll(memoryAtEnd.keySet());
        names.forEach(name -> r.append("| %s | %s | %s |%n".formatted(name, memoryAtStart.containsKey(name) ? memoryAtStart.get(name) : "(started later)",
                memoryAtEnd.containsKey(name) ? memoryAtEnd.get(name) : "(replaced)")));
        r.append("\n## Verdict latency by phase (submit to verdict, as the agent's long-poll sees it)\n\n").append(latency);
        r.append("\n## After the faults\n\n");
        r.append("- %d intents, %d of them reviews approved through the approval API: exactly one verdict each (countersign.verdicts"
                .formatted(intents, reviews)).append(" and the audit log's VERDICT events), exactly one approval request per review.\n");
        r.append("- countersign-audit in OpenSearch: %d documents, one per intent, each with its verdict.%n".formatted(indexed));
        r.append("- countersign audit verify --index: ").append(verify.lines().filter(l -> l.startsWith("INTACT") || l.contains("checkpoints"))
                .reduce((x, y) -> x + "; " + y).orElse(verify.strip())).append('\n');
        r.append("- ").append(propagation).append('\n');
        return r.toString();
    }
}
