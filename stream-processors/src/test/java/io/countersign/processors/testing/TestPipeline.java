package io.countersign.processors.testing;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.signing.ChannelKeyPair;
import io.countersign.processors.GateMode;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.StreamProcessorsConfig.ChannelKeyConfig;
import io.countersign.processors.StreamProcessorsConfig;
import io.countersign.processors.StreamProcessorsConfigBuilder;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Builds and starts the decision pipeline for an integration test: topics and schemas come from a
 * {@link ProvisionedStack}; the test names what it needs (application id, data directory, approver
 * directory, trusted channel keys) and starts it with a policy. Unnamed settings are the test defaults:
 * expiry sweep every 200 ms and an audit checkpoint every 2 s (fast enough for a test to wait on), and
 * everything else as in countersign.yaml's defaults.
 */
public final class TestPipeline {

    private final KafkaSettings kafka;
    private SchemaRegistryClient registry;
    private final StreamProcessorsConfigBuilder config = StreamProcessorsConfig.builder()
            .expirySweepMs(200).checkpointIntervalMs(2_000);
    private Path dataDir;
    private Duration startTimeout = Duration.ofSeconds(60);

    private TestPipeline(KafkaSettings kafka, SchemaRegistryClient registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    /** A pipeline on {@code kafka} and {@code registry}, whose topics and schemas the caller provisioned. */
    public static TestPipeline on(KafkaSettings kafka, SchemaRegistryClient registry) {
        return new TestPipeline(kafka, registry);
    }

    /** The Streams application id; a restart with the same id and data directory resumes the same pipeline. */
    public TestPipeline applicationId(String id) {
        config.applicationId(id);
        return this;
    }

    /** Keys under {@code dir}/keys, state under {@code dir}/streams, the directory (if any) in {@code dir}/directory.yaml. */
    public TestPipeline dataDir(Path dir) {
        dataDir = dir;
        config.dataDir(dir);
        return this;
    }

    /** Writes {@code yaml} as the approver directory in the data directory and uses it. */
    public TestPipeline directory(String yaml) {
        Path file = dataDir().resolve("directory.yaml");
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return directoryFile(file);
    }

    /** Uses {@code file} as the approver directory. */
    public TestPipeline directoryFile(Path file) {
        config.directoryFile(file.toString());
        return this;
    }

    /** Trusts each pair's public key for its channel. */
    public TestPipeline trusting(ChannelKeyPair... keys) {
        config.channelKeys(Arrays.stream(keys).map(ChannelKeyConfig::of).toList());
        return this;
    }

    public TestPipeline checkpointIntervalMs(long ms) {
        config.checkpointIntervalMs(ms);
        return this;
    }

    /** Kafka Streams properties, e.g. the replication of internal topics on a cluster. */
    public TestPipeline streams(Map<String, String> properties) {
        config.streams(properties);
        return this;
    }

    /** Talks to the schema registry through {@code client} (e.g. one behind a faulty link). */
    public TestPipeline registry(SchemaRegistryClient client) {
        registry = client;
        return this;
    }

    /** How long {@link #start} waits for the pipeline to be running. */
    public TestPipeline startTimeout(Duration timeout) {
        startTimeout = timeout;
        return this;
    }

    /** The configuration the pipeline would start with (for a test that hands it to a command). */
    public StreamProcessorsConfig config() {
        dataDir();
        return config.build();
    }

    /** Starts the pipeline deciding with the policy in {@code policyYaml}; waits until it runs. */
    public StreamProcessors start(String policyYaml) throws IOException {
        return start(PolicyLoader.parse(policyYaml, "it-policy.yaml"));
    }

    /** Starts the pipeline deciding with {@code policy}; waits until it runs. */
    public StreamProcessors start(Policy policy) throws IOException {
        return StreamProcessors.start(kafka, registry, config(), () -> policy, startTimeout);
    }

    /** How the gate delivers its decisions ({@link GateMode}). */
    public TestPipeline gate(GateMode mode) {
        config.gate(mode);
        return this;
    }

    /** The data directory: the one given, or a new temporary one. */
    public Path dataDir() {
        if (dataDir == null) {
            try {
                dataDir(Files.createTempDirectory("countersign-pipeline-it"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dataDir;
    }
}
