package io.countersign.bench;

import io.countersign.bench.gate.GateLatencyBench;
import io.countersign.bench.gate.GateResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code bench gate}: gate latency and throughput against a raw and an exactly-once passthrough. */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = {"Gate latency for auto-allowed intents, open-loop, next to a raw and an exactly-once Kafka passthrough",
                "on the same embedded broker; then each path's throughput, saturated; all of it --repetitions times, interleaved,",
                "with each ratio as min / median / max, and the broker writes one intent costs the gate.",
                "Targets (issue 21, against the exactly-once passthrough): p99 <= 1.5x at 1,000/s and 5,000/s; saturated >= 0.5x."})
final class GateCommand implements Callable<Integer> {
    @Option(names = "--rates", split = ",", defaultValue = "1000,5000", description = "Intents per second (default ${DEFAULT-VALUE}).")
    List<Integer> rates;
    // Long enough for the JIT: in the first seconds of load, compilation on a 2-core machine shows as
    // a few hundred milliseconds of latency that a running pipeline does not have.
    @Option(names = "--warmup", defaultValue = "15", description = "Warm-up seconds per rate and path (default ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--measure", defaultValue = "15", description = "Measured seconds per rate and path (default ${DEFAULT-VALUE}).")
    int measure;
    @Option(names = "--saturation", defaultValue = "50000",
            description = "Records sent at once to measure each path's sustained throughput (default ${DEFAULT-VALUE}).")
    int saturation;
    @Option(names = "--streams", paramLabel = "KEY=VALUE",
            description = "A Kafka Streams setting for the decision pipeline, passed through as stream-processors.streams "
                    + "(repeatable), e.g. --streams num.stream.threads=2")
    Map<String, String> streams = new LinkedHashMap<>();
    @Option(names = "--repetitions", defaultValue = "3",
            description = "Repetitions of the whole bench, the paths' order rotated each time; ratios are min / median / max (default ${DEFAULT-VALUE}).")
    int repetitions;
    @Option(names = "--out", defaultValue = "bench/results", description = "Results directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter progress = new PrintWriter(System.out, true);
        GateResults result = GateLatencyBench.run(rates, Duration.ofSeconds(warmup), Duration.ofSeconds(measure), saturation, streams,
                repetitions, progress);
        Results.write(out, "gate-latency", result.json(), result.markdown(), progress);
        return 0;
    }
}
