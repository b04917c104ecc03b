package io.countersign.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bench all}: every benchmark in turn, each next to its own baseline measured in the same run,
 * then one summary ({@code bench/results/summary.md}) with every table and target.
 */
@Command(name = "all", mixinStandardHelpOptions = true,
        description = {"Runs every benchmark (policy, gate-steps, audit, replay, propagation, lineage, ingest, gate, mcp) with its baseline,",
                "then writes bench/results/summary.md. Takes about ten minutes on 2 cores."})
final class AllCommand implements Callable<Integer> {

    /** Each benchmark with the arguments of the full run, in order of cost. */
    static final List<List<String>> RUNS = List.of(
            List.of("policy"),
            List.of("gate-steps"),
            List.of("audit"),
            List.of("replay"),
            List.of("propagation", "--datasets", "10000,100000"),
            List.of("lineage", "--edges", "10000,100000,1000000"),
            List.of("ingest"),
            List.of("gate", "--rates", "1000,5000,20000"),
            List.of("mcp"));
    static final List<String> RESULTS = List.of("policy-evaluation", "gate-steps", "audit-verify", "policy-replay", "label-propagation", "lineage-queries",
            "ingest-gateway", "gate-latency", "mcp-gateway");

    @Option(names = "--out", defaultValue = "bench/results", description = "Results directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter progress = new PrintWriter(System.out, true);
        int failed = 0;
        for (List<String> run : RUNS) {
            progress.printf("%n=== bench %s ===%n", String.join(" ", run));
            String[] args = new String[run.size() + 2];
            run.toArray(args);
            args[run.size()] = "--out";
            args[run.size() + 1] = out.toString();
            int code = new CommandLine(new BenchMain()).execute(args);
            if (code != 0) {
                progress.printf("bench %s failed with exit code %d; going on with the others%n", run.get(0), code);
                failed++;
            }
        }
        StringBuilder summary = new StringBuilder("# Countersign benchmarks\n\n`bench/run all`, finished " + Instant.now()
                + ". Each table holds the figure, its baseline from the same run, and the target.\n");
        for (String name : RESULTS) {
            Path md = out.resolve(name + ".md");
            summary.append("\n").append(Files.exists(md) ? Files.readString(md).replaceFirst("(?m)^# ", "## ") : "## " + name + "\n\n(not produced)\n");
        }
        Files.writeString(out.resolve("summary.md"), summary.toString());
        progress.printf("%nSummary written to %s%n", out.resolve("summary.md"));
        return failed == 0 ? 0 : 1;
    }
}
