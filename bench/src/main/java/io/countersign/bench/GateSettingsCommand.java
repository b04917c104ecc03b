package io.countersign.bench;

import io.countersign.bench.gate.StreamsSettingsBench;
import io.countersign.bench.gate.StreamsSettingsBench.Variant;
import io.countersign.bench.gate.StreamsSettingsResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code bench gate-settings}: Kafka Streams settings of the decision pipeline as A/B variants, interleaved in one run. */
@Command(name = "gate-settings", mixinStandardHelpOptions = true,
        description = {"Kafka Streams settings of the decision pipeline as A/B variants in one run: the pipeline's own settings ('default')",
                "and each --variant, started in turn under its own application id, measured at each open-loop rate and saturated,",
                "the order rotated each repetition; every figure and its ratio to 'default' as min / median / max.",
                "The variant named 'first-wins' is the first-wins pipeline (an at-least-once gate whose decisions the audit chain",
                "deduplicates, stream-processors.gate: first-wins): its latency is read on the gate's audit batches, where an agent's fast view would read it.",
                "Example: bench/run gate-settings --variant alos:processing.guarantee=at_least_once --variant commit-100:commit.interval.ms=100"})
final class GateSettingsCommand implements Callable<Integer> {
    @Option(names = "--variant", paramLabel = "NAME:KEY=VALUE[,KEY=VALUE…]", required = true,
            description = "A named set of Kafka Streams settings, passed through as stream-processors.streams (repeatable);"
                    + " 'first-wins' for the first-wins pipeline.")
    List<String> variants;
    @Mixin
    GateLoad load = new GateLoad();
    @Mixin
    Repetitions repetitions = new Repetitions();

    @Override
    public Integer call() throws Exception {
        List<Variant> all = new ArrayList<>(List.of(new Variant("default", Map.of())));
        variants.stream().map(Variant::parse).forEach(all::add);
        Set<String> names = new HashSet<>();
        for (Variant v : all) {
            if (!names.add(v.name())) {
                throw new IllegalArgumentException("two variants are named '" + v.name() + "' ('default' is the pipeline's own settings)");
            }
        }
        PrintWriter progress = new PrintWriter(System.out, true);
        StreamsSettingsResults result = StreamsSettingsBench.run(all, load.rates, load.warmup(), load.measure(), load.saturation,
                repetitions.count(), progress);
        Results.write(repetitions.out, "gate-settings", result.json(), result.markdown(), progress);
        return 0;
    }
}
