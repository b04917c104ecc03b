package io.countersign.cli;

import io.countersign.config.KafkaSettings;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.StreamProcessorsConfig;
import io.countersign.processors.adapter.in.PolicyFileWatcher;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.schemas.registry.SchemaRegistryClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Starts the decision pipeline (stream-processors) for {@code countersign up}: the configured policy
 * file, watched and reloaded on change, or the shipped safe default; the configured approver directory,
 * or a demo directory written to the data directory so it can be read and edited; state and signing key
 * under the data directory so approvals, expiry and the audit chain survive a restart.
 */
final class DecisionPipeline implements AutoCloseable {

    static final Duration POLICY_POLL = Duration.ofSeconds(2);

    private final StreamProcessors processors;
    private final PolicyFileWatcher watcher;
    private final String directoryFile;
    private final Path keyDir;

    private DecisionPipeline(StreamProcessors processors, PolicyFileWatcher watcher, String directoryFile, Path keyDir) {
        this.processors = processors;
        this.watcher = watcher;
        this.directoryFile = directoryFile;
        this.keyDir = keyDir;
    }

    /** Where the audit signing key pair is; the public half verifies checkpoints. */
    Path auditPublicKey() {
        return keyDir.resolve("audit-signing-key.pub.pem");
    }

    /** The approver directory the pipeline checks decisions against; the approval API uses the same. */
    String directoryFile() {
        return directoryFile;
    }

    static DecisionPipeline start(KafkaSettings kafka, SchemaRegistryClient registry, StreamProcessorsConfig configured,
                                  Path dataDir, PrintWriter out) throws IOException {
        Path demoDirectory = configured.directoryFile() == null ? demoDirectory(dataDir) : null;
        StreamProcessorsConfig config = configured.underDataDir(dataDir, demoDirectory);
        PolicyFileWatcher watcher = config.policyFile() == null ? null : new PolicyFileWatcher(Path.of(config.policyFile()), POLICY_POLL);
        Supplier<Policy> policy;
        if (watcher != null) {
            policy = watcher;
        } else {
            Policy shipped = PolicyLoader.shippedDefault();
            policy = () -> shipped;
        }
        try {
            StreamProcessors processors = StreamProcessors.start(kafka, registry, config, policy, Duration.ofSeconds(60));
            Policy p = policy.get();
            out.printf("  pipeline:  decision pipeline running (policy %s, %d rules, version %s%s)%n", p.origin(), p.size(),
                    p.version().substring(0, 12), watcher != null ? ", reloaded on change" : "");
            out.printf("  approvers: %s%s%n", config.directoryFile(), demoDirectory != null ? " (demo directory: configure your own)" : "");
            return new DecisionPipeline(processors, watcher, config.directoryFile(), Path.of(config.keyDir()));
        } catch (RuntimeException | IOException e) {
            if (watcher != null) {
                watcher.close();
            }
            throw e;
        }
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
        processors.close();
        if (watcher != null) {
            watcher.close();
        }
    }
}
