package io.countersign.bench;

import io.countersign.bench.gate.GateLatencyBench;
import io.countersign.bench.gate.GateResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code bench gate}: gate latency and throughput against a raw and an exactly-once passthrough. */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = {"Gate latency for auto-allowed intents, open-loop, next to a raw and an exactly-once Kafka passthrough",
                "on the same embedded broker; then each path's throughput, saturated; all of it --repetitions times, interleaved,",
                "with each ratio as min / median / max, and the broker writes one intent costs the gate.",
                "Targets (issue 21, against the exactly-once passthrough): p99 <= 1.5x at 1,000/s and 5,000/s; saturated >= 0.5x."})
final class GateCommand implements Callable<Integer> {
    @Mixin
    GateLoad load = new GateLoad();
    @Option(names = "--streams", paramLabel = "KEY=VALUE",
            description = "A Kafka Streams setting for the decision pipeline, passed through as stream-processors.streams "
                    + "(repeatable), e.g. --streams num.stream.threads=2")
    Map<String, String> streams = new LinkedHashMap<>();
    @Option(names = "--first-wins", description = "Measure the first-wins pipeline (stream-processors.gate: first-wins, an at-least-once gate whose decisions the"
            + " audit chain deduplicates) instead of the exactly-once gate, read where an agent's fast view would read its decisions;"
            + " results go to gate-latency-first-wins.*")
    boolean firstWins;
    @Mixin
    Repetitions repetitions = new Repetitions();

    @Override
    public Integer call() throws Exception {
        PrintWriter progress = new PrintWriter(System.out, true);
        GateResults result = GateLatencyBench.run(load.rates, load.warmup(), load.measure(), load.saturation, streams, firstWins,
                repetitions.count(), progress);
        Results.write(repetitions.out, firstWins ? "gate-latency-first-wins" : "gate-latency", result.json(), result.markdown(), progress);
        return 0;
    }
}
