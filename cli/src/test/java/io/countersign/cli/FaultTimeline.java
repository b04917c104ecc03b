package io.countersign.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: the phases of a fault run (before, during each fault, after), each starting when
 * {@link #begin} is called, and the verdict latency of the intents submitted in each phase as a Markdown
 * table (count, p50, p99, max), as the cluster report shows it.
 */
final class FaultTimeline {

    private record Phase(String name, long startNanos) {
    }

    private final List<Phase> phases = new ArrayList<>();

    void begin(String phase) {
        phases.add(new Phase(phase, System.nanoTime()));
    }

    String latencyTable(List<VerdictLoad.Sample> samples) {
        StringBuilder table = new StringBuilder("| phase | verdicts | p50 | p99 | max | gate p50 / p99 (receipt to decision) |\n"
                + "|---|---|---|---|---|---|\n");
        for (int i = 0; i < phases.size(); i++) {
            Phase phase = phases.get(i);
            long end = i + 1 < phases.size() ? phases.get(i + 1).startNanos() : Long.MAX_VALUE;
            List<VerdictLoad.Sample> in = samples.stream().filter(s -> s.decidedNanos() >= 0 && s.submittedNanos() >= phase.startNanos()
                    && s.submittedNanos() < end).toList();
            long[] millis = in.stream().mapToLong(VerdictLoad.Sample::latencyMillis).sorted().toArray();
            long[] gate = in.stream().mapToLong(VerdictLoad.Sample::gateMillis).filter(m -> m >= 0).sorted().toArray();
            if (millis.length == 0) {
                table.append("| ").append(phase.name()).append(" | 0 | | | | |\n");
                continue;
            }
            table.append("| %s | %d | %d ms | %d ms | %d ms | %s |%n".formatted(phase.name(), millis.length, percentile(millis, 50),
                    percentile(millis, 99), millis[millis.length - 1],
                    gate.length == 0 ? "" : percentile(gate, 50) + " / " + percentile(gate, 99) + " ms"));
        }
        return table.toString();
    }

    static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
