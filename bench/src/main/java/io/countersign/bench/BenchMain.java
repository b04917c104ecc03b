package io.countersign.bench;

import io.countersign.bench.gate.GateLatencyBench;
import io.countersign.bench.policy.PolicyEvaluationBenchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
        subcommands = {BenchMain.PolicyCommand.class, BenchMain.GateCommand.class, IngestCommand.class, LineageCommand.class,
                PropagationCommand.class, AuditCommand.class, AllCommand.class})
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

    @Command(name = "gate", mixinStandardHelpOptions = true,
            description = {"Gate latency for auto-allowed intents vs a raw Kafka passthrough on the same embedded broker, open-loop.",
                    "Targets: p99 <= 1.5x passthrough; throughput >= 0.7x."})
    static final class GateCommand implements Callable<Integer> {
        @Option(names = "--rates", split = ",", defaultValue = "1000,5000", description = "Intents per second (default ${DEFAULT-VALUE}).")
        List<Integer> rates;
        @Option(names = "--warmup", defaultValue = "5", description = "Warm-up seconds per rate and path (default ${DEFAULT-VALUE}).")
        int warmup;
        @Option(names = "--measure", defaultValue = "15", description = "Measured seconds per rate and path (default ${DEFAULT-VALUE}).")
        int measure;
        @Option(names = "--saturation", defaultValue = "50000",
                description = "Records sent at once to measure each path's sustained throughput (default ${DEFAULT-VALUE}).")
        int saturation;
        @Option(names = "--streams", paramLabel = "KEY=VALUE",
                description = "A Kafka Streams setting for the decision pipeline, passed through as stream-processors.streams "
                        + "(repeatable), e.g. --streams main.consumer.fetch.max.wait.ms=10")
        Map<String, String> streams = new java.util.LinkedHashMap<>();
        @Option(names = "--out", defaultValue = "bench/results", description = "Results directory (default ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() throws Exception {
            PrintWriter progress = new PrintWriter(System.out, true);
            GateLatencyBench.Result result = GateLatencyBench.run(rates, Duration.ofSeconds(warmup), Duration.ofSeconds(measure), saturation,
                    streams, progress);
            List<GateLatencyBench.Row> rows = result.rows();
            StringBuilder md = new StringBuilder("| rate/s | passthrough p50 / p99 / p99.9 ms | gate p50 / p99 / p99.9 ms | p99 ratio (≤ 1.5×) | delivered within the drain |\n|---|---|---|---|---|\n");
            List<Map<String, Object>> json = new ArrayList<>();
            for (GateLatencyBench.Row r : rows) {
                md.append(String.format(Locale.ROOT, "| %d | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f | %.2f× | %.2f× |%n", r.rate(),
                        r.passthrough().p50(), r.passthrough().p99(), r.passthrough().p999(), r.gate().p50(), r.gate().p99(), r.gate().p999(),
                        r.p99Ratio(), r.throughputRatio()));
                json.add(Map.of("rate", r.rate(), "passthrough", r.passthrough(), "gate", r.gate(), "p99Ratio", r.p99Ratio(),
                        "throughputRatio", r.throughputRatio()));
            }
            GateLatencyBench.Throughput t = result.throughput();
            md.append(String.format(Locale.ROOT, "%n| saturation records | passthrough records/s | gate records/s | ratio (≥ 0.7×) |%n|---|---|---|---|%n"
                    + "| %,d | %,.0f | %,.0f | %.2f× %s |%n", t.records(), t.passthroughPerSecond(), t.gatePerSecond(), t.ratio(),
                    t.ratio() >= 0.7 ? "met" : "missed"));
            json.add(Map.of("saturation", t, "ratio", t.ratio()));
            Results.write(out, "gate-latency", json, md.toString(), progress);
            return 0;
        }
    }
}
