package io.countersign.bench;

import io.countersign.bench.policy.PolicyEvaluationBenchmark;
import org.openjdk.jmh.results.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.PrintWriter;
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
                PropagationCommand.class, AuditCommand.class, ScaleCommand.class, ReplayCommand.class, McpCommand.class, GateStepsCommand.class, GateSettingsCommand.class,
                AllCommand.class})
public final class BenchMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // An option a command refuses (IllegalArgumentException) is the user's to fix: its message and the usage, no stack trace.
        System.exit(new CommandLine(new BenchMain()).setExecutionExceptionHandler((e, command, parsed) -> {
            if (!(e instanceof IllegalArgumentException)) {
                throw e;
            }
            command.getErr().println(command.getColorScheme().errorText(e.getMessage()));
            command.usage(command.getErr());
            return command.getCommandSpec().exitCodeOnInvalidInput();
        }).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "policy", mixinStandardHelpOptions = true,
            description = "Policy evaluation per intent at 10/100/1000 rules (JMH), against a no-rule baseline. Target: <= 2 us median at 1000.")
    static final class PolicyCommand implements Callable<Integer> {
        @CommandLine.Mixin
        JmhRuns jmh;

        @Override
        public Integer call() throws Exception {
            Collection<RunResult> results = jmh.run(PolicyEvaluationBenchmark.class);
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
            Results.write(jmh.out, "policy-evaluation", rows, md.toString(), new PrintWriter(System.out, true));
            return 0;
        }
    }
}
