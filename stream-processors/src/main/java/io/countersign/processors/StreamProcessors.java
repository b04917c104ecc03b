package io.countersign.processors;

import io.countersign.approvals.adapter.out.YamlDirectory;
import io.countersign.approvals.domain.Directory;
import io.countersign.audit.AuditSigner;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.signing.ChannelKeys;
import io.countersign.contracts.topics.Topic;
import io.countersign.contracts.topics.Topics;
import io.countersign.processors.adapter.in.DeadLetterDeserializationHandler;
import io.countersign.processors.adapter.in.DeadLetterProcessingHandler;
import io.countersign.processors.adapter.out.DeadLetters;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.topology.DecisionTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs the decision pipeline: wires configuration, policy, directory and signing key into
 * {@link DecisionTopology} and runs it on Kafka Streams with exactly-once processing (behind a gate that runs at
 * least once with {@code gate: first-wins}, {@link GateMode}). Used by
 * {@code countersign up} and as a standalone service.
 */
public final class StreamProcessors implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamProcessors.class);

    /** How often the first-wins gate commits its offsets: what it re-decides after a crash, the audit chain drops. */
    static final Duration FIRST_WINS_GATE_COMMIT = Duration.ofSeconds(1);

    private final List<KafkaStreams> apps;

    private StreamProcessors(List<KafkaStreams> apps) {
        this.apps = List.copyOf(apps);
    }

    /** Builds and starts the pipeline with the configured {@link GateMode}; returns once it is running (or throws). */
    public static StreamProcessors start(KafkaSettings kafka, SchemaRegistryClient registry, StreamProcessorsConfig config,
                                         Supplier<Policy> policy, Duration startTimeout) throws IOException {
        if (config.gate() == GateMode.FIRST_WINS) {
            return startFirstWins(kafka, registry, config, policy, startTimeout);
        }
        GateOffsets.carryOver(kafka, gateApplicationId(config), config.applicationId());
        Topology topology = DecisionTopology.build(deps(registry, config, policy));
        return new StreamProcessors(List.of(StreamsApps.start(topology, properties(kafka, registry, config), kafka, startTimeout)));
    }

    /**
     * The first-wins pipeline ({@link DecisionTopology.FirstWins}): the gate runs at least once as application
     * {@code <applicationId>-gate} and its decisions are readable as soon as Kafka has them; the rest runs exactly-once as
     * {@code <applicationId>}.
     */
    private static StreamProcessors startFirstWins(KafkaSettings kafka, SchemaRegistryClient registry, StreamProcessorsConfig config,
                                                  Supplier<Policy> policy, Duration startTimeout) throws IOException {
        DecisionTopology.FirstWins topologies = DecisionTopology.firstWins(deps(registry, config, policy));
        GateOffsets.carryOver(kafka, config.applicationId(), gateApplicationId(config));
        KafkaStreams rest = StreamsApps.start(topologies.rest(), properties(kafka, registry, config), kafka, startTimeout);
        Properties gate = properties(kafka, registry, config);
        gate.put(StreamsConfig.APPLICATION_ID_CONFIG, gateApplicationId(config));
        gate.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        gate.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(FIRST_WINS_GATE_COMMIT.toMillis()));
        // Its writes are readable once acknowledged, so a linger would be waited out by every verdict.
        gate.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "0");
        try {
            return new StreamProcessors(List.of(rest, StreamsApps.start(topologies.gate(), gate, kafka, startTimeout)));
        } catch (RuntimeException e) {
            rest.close(Duration.ofSeconds(10));
            throw e;
        }
    }

    /** The first-wins gate's application id (and consumer group). */
    static String gateApplicationId(StreamProcessorsConfig config) {
        return config.applicationId() + "-gate";
    }

    private static DecisionTopology.Deps deps(SchemaRegistryClient registry, StreamProcessorsConfig config, Supplier<Policy> policy)
            throws IOException {
        Directory directory = config.directoryFile() == null ? Directory.of(Map.of())
                : YamlDirectory.load(Path.of(config.directoryFile()));
        if (config.directoryFile() == null) {
            LOG.warn("No stream-processors.directoryFile configured: no one is an eligible approver, so every review will expire to DENIED");
        }
        AuditSigner signer = AuditSigner.loadOrCreate(Path.of(config.keyDir()));
        LOG.info("Audit checkpoints are signed with key {} from {}", signer.keyId(), config.keyDir());
        ChannelKeys channelKeys = config.trustedChannelKeys();
        if (channelKeys.size() == 0) {
            LOG.warn("No stream-processors.channelKeys configured: every approval decision will be rejected as unsigned;"
                    + " add each approval channel's public key (countersign keys channel --help)");
        }
        learnSchemaIds(registry);
        return new DecisionTopology.Deps(registry, policy, directory, channelKeys, signer,
                Clock.systemUTC(), new DecisionTopology.Settings(config.unknownDatasetLabels(), config.expirySweep(),
                        DecisionTopology.Settings.DEFAULTS.retainDecided(), config.checkpointInterval()));
    }

    static Properties properties(KafkaSettings kafka, SchemaRegistryClient registry, StreamProcessorsConfig config) throws IOException {
        Map<String, Object> own = new HashMap<>();
        own.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        own.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        own.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(config.commitIntervalMs()));
        // A stream thread commits only between polls. With the default poll.ms (100) a record processed within
        // the commit interval of the last commit, with nothing after it, waits out the whole poll before its
        // transaction commits: an agent calling one tool after another waited ~100 ms more per verdict. Waking
        // once per commit interval bounds that wait by the interval itself.
        own.put(StreamsConfig.POLL_MS_CONFIG, Long.toString(Math.min(100, config.commitIntervalMs())));
        own.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class.getName());
        own.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
        // Under exactly-once nothing the pipeline writes is readable before its transaction commits, and the commit
        // flushes what lingers: a linger within the commit interval costs no visible latency, and fills each produce
        // request with more records (bench/run gate-settings: saturated 1.28x, p99 at 1,000/s 0.78x, against 0 ms).
        own.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), Long.toString(Math.min(5, config.commitIntervalMs())));
        own.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        own.put(DeadLetters.REGISTRY_CLIENT_CONFIG, registry);
        Path stateDir = config.stateDir() != null ? Path.of(config.stateDir()) : Files.createTempDirectory("countersign-streams");
        own.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        own.putAll(config.streams()); // operators' Kafka Streams settings win, passed through untouched
        return kafka.clientProperties(own);
    }

    /**
     * Learns the id of every catalogue schema now. State stores' changelogs write the same schemas
     * under subjects of their own, registered on first use; knowing the ids lets them go on (with the
     * topic's id) if the registry is unreachable at that moment. A schema not yet registered
     * (no `countersign init`) is not fatal here: the serde registers it on its first write.
     */
    private static void learnSchemaIds(SchemaRegistryClient registry) {
        for (Topic<?, ?> t : Topics.ALL) {
            try {
                registry.lookup(t.valueSubject(), t.valueSchema());
            } catch (RuntimeException e) {
                LOG.warn("Could not look up schema {} at start ({}); it will be registered on first write", t.valueSubject(), e.getMessage());
            }
        }
    }

    /** RUNNING when every application of the pipeline runs, else the state of the first that does not. */
    public KafkaStreams.State state() {
        return apps.stream().map(KafkaStreams::state).filter(st -> st != KafkaStreams.State.RUNNING).findFirst()
                .orElse(KafkaStreams.State.RUNNING);
    }

    /** The ids of the tasks this instance runs as active now (e.g. {@code 2_0}), for seeing how instances share the work. */
    public Set<String> activeTasks() {
        return apps.stream().flatMap(a -> a.metadataForLocalThreads().stream()).flatMap(t -> t.activeTasks().stream())
                .map(t -> t.taskId().toString()).collect(Collectors.toSet());
    }

    /** Publishes this instance's Kafka Streams metrics (threads, tasks, embedded clients) to {@code registry}. */
    public void bindMetrics(MeterRegistry registry) {
        apps.forEach(a -> new KafkaStreamsMetrics(a).bindTo(registry));
    }

    /** The Kafka Streams metrics of this instance (stream threads, tasks, embedded clients). */
    public Map<MetricName, ? extends Metric> metrics() {
        Map<MetricName, Metric> all = new HashMap<>();
        apps.forEach(a -> all.putAll(a.metrics()));
        return all;
    }

    /**
     * Stops cleanly and leaves the consumer group, so a restarted instance gets the partitions at once
     * instead of waiting out the session timeout of a member that is gone (Streams does not leave the
     * group on close by default, which suits rolling restarts with static membership but not this).
     */
    @Override
    public void close() {
        // The gate first (when there are two), so the rest does not stop under a gate still writing to it.
        for (int i = apps.size() - 1; i >= 0; i--) {
            apps.get(i).close(CloseOptions.groupMembershipOperation(
                    CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(30)));
        }
    }
}
