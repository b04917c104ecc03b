package io.countersign.bench;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The options of a bench that repeats its interleaved paths and reports each figure as min / median / max (a picocli
 * mixin): how many repetitions, at least three, and where the results go.
 */
final class Repetitions {

    @Option(names = "--repetitions", defaultValue = "3", description = "Interleaved repetitions, at least 3 (default ${DEFAULT-VALUE}).")
    int count;
    @Option(names = "--out", defaultValue = "bench/results", description = "Results directory (default ${DEFAULT-VALUE}).")
    Path out;

    /** The repetitions asked for; fewer than three give no median to judge a change by. */
    int count() {
        if (count < 3) {
            throw new IllegalArgumentException("--repetitions must be at least 3 (min / median / max)");
        }
        return count;
    }
}
