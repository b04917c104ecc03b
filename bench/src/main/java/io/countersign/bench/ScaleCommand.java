package io.countersign.bench;

import io.countersign.bench.gate.ScaleBench;
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

/** {@code bench scale}: the decision pipeline's saturated throughput with one instance against two. */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = {"Decision pipeline throughput, saturated, with one instance and with two instances of the same application",
                "(one consumer group), alternating, on the same embedded broker. Reports two / one per repetition and min / median / max."})
final class ScaleCommand implements Callable<Integer> {
    @Option(names = "--records", defaultValue = "20000", description = "Intents sent at once per measurement (default ${DEFAULT-VALUE}).")
    int records;
    @Option(names = "--repetitions", defaultValue = "4", description = "Rounds of one and two instances, in ABBA order after an untimed warm-up round (default ${DEFAULT-VALUE}).")
    int repetitions;
    @Option(names = "--streams", paramLabel = "KEY=VALUE", description = "A Kafka Streams setting for every instance (repeatable).")
    Map<String, String> streams = new LinkedHashMap<>();
    @Option(names = "--out", defaultValue = "bench/results", description = "Results directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter progress = new PrintWriter(System.out, true);
        List<ScaleBench.Repetition> reps = ScaleBench.run(records, repetitions, streams, progress);
        StringBuilder md = new StringBuilder("| repetition | one instance records/s | two instances records/s | two / one |\n|---|---|---|---|\n");
        reps.forEach(r -> md.append(String.format(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2f× |%n", r.repetition(), r.oneInstance(),
                r.twoInstances(), r.ratio())));
        List<Double> ratios = new ArrayList<>(reps.stream().map(ScaleBench.Repetition::ratio).sorted().toList());
        int n = ratios.size();
        double median = n % 2 == 1 ? ratios.get(n / 2) : (ratios.get(n / 2 - 1) + ratios.get(n / 2)) / 2;
        md.append(String.format(Locale.ROOT, "%ntwo / one: min %.2f×, median %.2f×, max %.2f× (%,d intents each, %s cores)%n", ratios.get(0),
                median, ratios.get(n - 1), records, Runtime.getRuntime().availableProcessors()));
        Results.write(out, "pipeline-scaling", reps, md.toString(), progress);
        return 0;
    }
}
