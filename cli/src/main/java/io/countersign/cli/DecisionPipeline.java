package io.countersign.cli;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.processors.PipelineService;
import io.countersign.processors.StreamProcessorsConfig;
import io.countersign.processors.domain.policy.Policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The decision pipeline as {@code countersign up} runs it: {@link PipelineService} with what only {@code up}
 * adds — the configured approver directory, or a demo directory written to the data directory so it can
 * be read and edited; state and signing key under the data directory so approvals, expiry and the audit
 * chain survive a restart; no health endpoints of its own (up's services share one process).
 */
final class DecisionPipeline implements AutoCloseable {

    private final PipelineService service;

    private DecisionPipeline(PipelineService service) {
        this.service = service;
    }

    /** Where the audit signing key pair is; the public half verifies checkpoints. */
    Path auditPublicKey() {
        return service.auditPublicKey();
    }

    /** The approver directory the pipeline checks decisions against; the approval API uses the same. */
    String directoryFile() {
        return service.config().directoryFile();
    }

    static DecisionPipeline start(KafkaSettings kafka, SchemaRegistryClient registry, StreamProcessorsConfig configured,
                                  Path dataDir, PrintWriter out) throws IOException {
        Path demoDirectory = configured.directoryFile() == null ? demoDirectory(dataDir) : null;
        StreamProcessorsConfig config = configured.underDataDir(dataDir, demoDirectory).withHttpPort(-1);
        // up prints one summary for all its services instead of each service's start-up facts.
        PipelineService service = PipelineService.start(kafka, registry, config, new PrintWriter(Writer.nullWriter()));
        Policy p = service.policy();
        out.printf("  pipeline:  decision pipeline running (policy %s, %d rules, version %s%s)%n", p.origin(), p.size(),
                p.version().substring(0, 12), service.policyWatched() ? ", reloaded on change" : "");
        out.printf("  approvers: %s%s%n", config.directoryFile(), demoDirectory != null ? " (demo directory: configure your own)" : "");
        return new DecisionPipeline(service);
    }

    /** Writes the demo approver directory into the data directory once, so users can see and edit it. */
    private static Path demoDirectory(Path dataDir) throws IOException {
        Path file = dataDir.resolve("demo-directory.yaml");
        if (!Files.exists(file)) {
            try (InputStream in = DecisionPipeline.class.getResourceAsStream("/directory/demo-directory.yaml")) {
                if (in == null) {
                    throw new IllegalStateException("The demo directory is missing from the classpath");
                }
                Files.copy(in, file);
            }
        }
        return file;
    }

    @Override
    public void close() {
        service.close();
    }
}
