package io.countersign.bench;

import io.countersign.bench.gate.GateStepsBenchmark;
import org.openjdk.jmh.results.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bench/run gate-steps}: the gate's CPU per allowed intent, step by step (JMH, {@link GateStepsBenchmark}),
 * with the audit chain's step against the copying path it replaced and every step against a passthrough's
 * own per-record work.
 */
@Command(name = "gate-steps", mixinStandardHelpOptions = true,
        description = "CPU per allowed intent in the gate and the audit chain, step by step (JMH), against the copying chain it replaced.")
final class GateStepsCommand implements Callable<Integer> {

    @Mixin
    JmhRuns jmh;

    @Override
    public Integer call() throws Exception {
        Map<String, double[]> ns = new LinkedHashMap<>();
        for (RunResult r : jmh.run(GateStepsBenchmark.class)) {
            String name = r.getParams().getBenchmark();
            ns.put(name.substring(name.lastIndexOf('.') + 1),
                    new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
        }
        double passthrough = ns.get("passthroughCopy")[0];
        double copying = ns.get("chainTaskCopying")[0];
        List<Map<String, Object>> rows = new ArrayList<>();
        StringBuilder md = new StringBuilder("| step | ns per intent | ± (99.9%) | vs copying chain | vs passthrough copy |\n|---|---|---|---|---|\n");
        for (var e : ns.entrySet()) {
            double score = e.getValue()[0];
            rows.add(new LinkedHashMap<>(Map.of("step", e.getKey(), "ns", score, "error_ns", e.getValue()[1],
                    "vs_passthrough", score / passthrough)));
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %s | %.0f× |%n", e.getKey(), score, e.getValue()[1],
                    e.getKey().startsWith("chainTask") ? String.format(Locale.ROOT, "%.2f×", score / copying) : "", score / passthrough));
        }
        Results.write(jmh.out, "gate-steps", rows, md.toString(), new PrintWriter(System.out, true));
        return 0;
    }
}
