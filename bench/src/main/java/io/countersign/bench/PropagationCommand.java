package io.countersign.bench;

import io.countersign.bench.propagation.PropagationBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bench propagation}: how long {@code LabelGraph} takes to propagate a label to depth 10 over
 * generated lineage, next to a plain breadth-first walk over the same edges in the same run.
 */
@Command(name = "propagation", mixinStandardHelpOptions = true,
        description = {"Label propagation in LabelGraph (declare, retract, add an edge) over generated layered lineage,",
                "next to a breadth-first walk over the same carrying edges. Target: <= 2 s to depth 10 over 100k datasets."})
final class PropagationCommand implements Callable<Integer> {

    @Option(names = "--datasets", split = ",", defaultValue = "100000",
            description = "Graph sizes in datasets (default ${DEFAULT-VALUE}; e.g. 10000,100000 for a curve).")
    List<Integer> datasets;
    @Option(names = "--depth", defaultValue = "10", description = "Longest derivation path in hops (default ${DEFAULT-VALUE}).")
    int depth;
    @Option(names = "--warmup", defaultValue = "1", description = "Unmeasured repetitions per size (default ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--repetitions", defaultValue = "5", description = "Measured repetitions per size (default ${DEFAULT-VALUE}).")
    int repetitions;
    @Option(names = "--out", defaultValue = "bench/results", description = "Results directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (repetitions < 1 || warmup < 0) {
            System.err.println("propagation: --repetitions must be at least 1 and --warmup at least 0");
            return 2;
        }
        PrintWriter progress = new PrintWriter(System.out, true);
        List<PropagationBench.Row> rows;
        try {
            rows = PropagationBench.run(datasets, depth, warmup, repetitions, progress);
        } catch (PropagationBench.Mismatch e) {
            System.err.println("propagation: FAILED, no results written: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) { // a size or depth the generator cannot build
            System.err.println("propagation: " + e.getMessage());
            return 2;
        }
        StringBuilder md = new StringBuilder("| datasets | depth | edges | reached | declare p50 ms | declare max ms | retract p50 ms "
                + "| add edge p50 ms | BFS p50 ms | ratio | load s | target ≤ 2 s at 100k |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<Map<String, Object>> json = new ArrayList<>();
        for (PropagationBench.Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %,d | %d | %,d | %,d | %,.1f | %,.1f | %,.1f | %,.1f | %.2f | %.0f× | %.1f | %s |%n",
                    r.datasets(), r.depth(), r.edges(), r.reached(), r.declare().p50Ms(), r.declare().maxMs(), r.retract().p50Ms(),
                    r.addEdge().p50Ms(), r.bfs().p50Ms(), r.ratio(), r.loadSeconds(),
                    r.datasets() >= 100_000 && r.depth() >= 10 ? (r.declare().p50Ms() <= 2000 ? "met" : "missed") : ""));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("result", r);
            json.add(row);
        }
        Results.write(out, "label-propagation", json, md.toString(), progress);
        return 0;
    }
}
