package io.countersign.embedded;

import java.nio.file.Path;

/**
 * How to run the embedded stack: where its data lives, its ports on 127.0.0.1 (0 = any free port), and
 * which services to start.
 */
public record StackOptions(Path dataDir, int kafkaPort, int registryPort, int openSearchPort,
                           boolean kafka, boolean registry, boolean openSearch) {

    /** The defaults of {@code countersign up}: the well-known ports. */
    public static StackOptions defaults(Path dataDir) {
        return new StackOptions(dataDir, 9092, 8081, 9200, true, true, true);
    }

    /** For tests: everything on free ports. */
    public static StackOptions forTests(Path dataDir) {
        return new StackOptions(dataDir, 0, 0, 0, true, true, true);
    }
}
