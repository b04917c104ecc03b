package io.countersign.bench;

import io.countersign.bench.policy.PolicyEvaluationBenchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs Countersign's benchmarks and writes each result as JSON and a Markdown table under
 * {@code bench/results/}, every figure next to the baseline measured in the same run.
 */
@Command(name = "countersign-bench", mixinStandardHelpOptions = true,
        description = "Countersign benchmarks; results go to bench/results as JSON and Markdown.",
        subcommands = {BenchMain.PolicyCommand.class, GateCommand.class, IngestCommand.class, LineageCommand.class,
                PropagationCommand.class, AuditCommand.class, ScaleCommand.class, ReplayCommand.class, McpCommand.class, AllCommand.class})
public final class BenchMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "policy", mixinStandardHelpOptions = true,
            description = "Policy evaluation per intent at 10/100/1000 rules (JMH), against a no-rule baseline. Target: <= 2 us median at 1000.")
    static final class PolicyCommand implements Callable<Integer> {
        @Option(names = "--iterations", defaultValue = "3", description = "Measurement iterations (default ${DEFAULT-VALUE}).")
        int iterations;
        @Option(names = "--seconds", defaultValue = "2", description = "Seconds per iteration (default ${DEFAULT-VALUE}).")
        int seconds;
        @Option(names = "--out", defaultValue = "bench/results", description = "Results directory (default ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() throws Exception {
            Collection<RunResult> results = new Runner(new OptionsBuilder()
                    .include(PolicyEvaluationBenchmark.class.getSimpleName()).forks(1)
                    .warmupIterations(2).warmupTime(TimeValue.seconds(seconds))
                    .measurementIterations(iterations).measurementTime(TimeValue.seconds(seconds)).build()).run();
            Map<String, Double> baseline = new LinkedHashMap<>();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (RunResult r : results) {
                String rules = r.getParams().getParam("rules");
                double p50 = r.getPrimaryResult().getStatistics().getPercentile(50);
                if (r.getParams().getBenchmark().endsWith("baselineNoRules")) {
                    baseline.put(rules, p50);
                } else {
                    rows.add(new LinkedHashMap<>(Map.of("rules", Integer.parseInt(rules), "p50_us", p50,
                            "p99_us", r.getPrimaryResult().getStatistics().getPercentile(99))));
                }
            }
            StringBuilder md = new StringBuilder("| rules | p50 µs | p99 µs | baseline (no rules) p50 µs | ratio | target p50 ≤ 2 µs at 1000 |\n|---|---|---|---|---|---|\n");
            for (Map<String, Object> row : rows) {
                double base = baseline.getOrDefault(String.valueOf(row.get("rules")), Double.NaN);
                row.put("baseline_p50_us", base);
                row.put("ratio", (double) row.get("p50_us") / base);
                md.append(String.format(Locale.ROOT, "| %d | %.3f | %.3f | %.3f | %.1f× | %s |%n", row.get("rules"), row.get("p50_us"),
                        row.get("p99_us"), base, row.get("ratio"),
                        (int) row.get("rules") == 1000 ? ((double) row.get("p50_us") <= 2.0 ? "met" : "missed") : ""));
            }
            Results.write(out, "policy-evaluation", rows, md.toString(), new PrintWriter(System.out, true));
            return 0;
        }
    }
}
