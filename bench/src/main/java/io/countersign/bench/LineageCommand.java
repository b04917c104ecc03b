package io.countersign.bench;

import io.countersign.bench.lineage.LineageQueryBench;
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

/** {@code bench lineage}: five-hop lineage queries in OpenSearch over generated graphs, next to the same walk in memory. */
@Command(name = "lineage", mixinStandardHelpOptions = true,
        description = {"Five-hop downstream lineage queries over generated graphs in the embedded OpenSearch node,",
                "next to the same walk over an in-memory map. Target: p95 <= 50 ms at 1M edges."})
final class LineageCommand implements Callable<Integer> {

    @Option(names = "--edges", split = ",", defaultValue = "10000,100000", description = "Graph sizes in edges (default ${DEFAULT-VALUE}; add 1000000 for the target).")
    List<Integer> edges;
    @Option(names = "--queries", defaultValue = "300", description = "Measured queries per size (default ${DEFAULT-VALUE}).")
    int queries;
    @Option(names = "--out", defaultValue = "bench/results", description = "Results directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter progress = new PrintWriter(System.out, true);
        List<LineageQueryBench.Row> rows = LineageQueryBench.run(edges, queries, progress);
        StringBuilder md = new StringBuilder("| edges | load s | index p50 ms | index p95 ms | in-memory p50 ms | in-memory p95 ms | edges per answer | target p95 ≤ 50 ms at 1M |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        List<Map<String, Object>> json = new ArrayList<>();
        for (LineageQueryBench.Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %,d | %.1f | %.2f | %.2f | %.3f | %.3f | %.1f | %s |%n", r.edges(), r.loadMillis() / 1000.0,
                    r.p50Ms(), r.p95Ms(), r.memoryP50Ms(), r.memoryP95Ms(), r.avgHops(),
                    r.edges() >= 1_000_000 ? (r.p95Ms() <= 50 ? "met" : "missed") : ""));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("result", r);
            json.add(row);
        }
        Results.write(out, "lineage-queries", json, md.toString(), progress);
        return 0;
    }
}
