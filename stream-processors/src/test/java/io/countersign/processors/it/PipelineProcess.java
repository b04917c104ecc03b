package io.countersign.processors.it;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.processors.GateMode;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.processors.testing.TestPipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The decision pipeline alone in its own JVM, so a test can kill it with SIGKILL mid-load and start it
 * again on the same state directory. Arguments: bootstrap, registry URL, data directory, policy file, and
 * optionally {@code first-wins} for the first-wins pipeline (as application {@code countersign-first-wins-it}).
 * Prints {@code RUNNING} once Kafka Streams runs, then runs until killed.
 */
public final class PipelineProcess {

    private PipelineProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[2]);
        Policy policy = PolicyLoader.parse(Files.readString(Path.of(args[3])), args[3]);
        boolean firstWins = args.length > 4 && args[4].equals("first-wins");
        TestPipeline pipelineOf = TestPipeline.on(new KafkaSettings(args[0], Map.of()), new HttpSchemaRegistryClient(args[1]))
                .applicationId(firstWins ? "countersign-first-wins-it" : "countersign-crash-it").dataDir(dataDir)
                .directoryFile(dataDir.resolve("directory.yaml"));
        StreamProcessors pipeline = pipelineOf.gate(firstWins ? GateMode.FIRST_WINS : GateMode.EXACTLY_ONCE).start(policy);
        System.out.println("RUNNING " + pipeline.state());
        System.out.flush();
        Thread.currentThread().join();
    }
}
