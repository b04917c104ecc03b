package io.countersign.bench;

import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;

/**
 * The load options of the benches that drive the decision pipeline (a picocli mixin): the open-loop rates, how long
 * each is warmed up and measured, and how many intents are sent at once for the saturated throughput.
 */
final class GateLoad {

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

    Duration warmup() {
        return Duration.ofSeconds(warmup);
    }

    Duration measure() {
        return Duration.ofSeconds(measure);
    }
}
