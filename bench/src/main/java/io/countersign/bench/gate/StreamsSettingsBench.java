package io.countersign.bench.gate;

import io.countersign.bench.BenchStack;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topic;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.ConsumerGroups;
import io.countersign.processors.GateMode;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.StreamProcessorsConfig;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.schema.ActionIntent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka Streams settings of the decision pipeline as A/B variants in one run. Each variant is the pipeline with its
 * settings under an application id of its own, started in its turn (one pipeline runs at a time, and before it starts
 * its consumer group is moved to the end of the topics it reads, so that it decides only the intents sent to it),
 * measured at each open-loop rate (intent produced → verdict consumed, read_committed) and saturated, then stopped.
 * The variants' order is rotated each repetition, and each variant's figures are compared with the first variant's
 * of the same repetition ({@link StreamsSettingsResults}).
 */
public final class StreamsSettingsBench {

    /**
     * A named set of Kafka Streams settings, passed through as {@code stream-processors.streams}. The variant named
     * {@value #FIRST_WINS} is the first-wins pipeline ({@code gate: first-wins}): its latency is read where
     * an agent would read the at-least-once gate's decision (its audit batch, read_committed), not on the verdicts topic.
     */
    public record Variant(String name, Map<String, String> streams) {
        public static final String FIRST_WINS = "first-wins";

        public Variant {
            if (!name.matches("[a-z0-9][a-z0-9-]{0,39}")) {
                throw new IllegalArgumentException("variant name '" + name + "': use lower-case letters, digits and '-'");
            }
            streams = Collections.unmodifiableMap(new LinkedHashMap<>(streams));
        }

        /** {@code name:key=value,key=value} (or just {@code name}, for the pipeline's own settings). */
        public static Variant parse(String spec) {
            int colon = spec.indexOf(':');
            String name = colon < 0 ? spec : spec.substring(0, colon);
            Map<String, String> settings = new LinkedHashMap<>();
            if (colon >= 0) {
                for (String pair : spec.substring(colon + 1).split(",")) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("variant '" + spec + "': expected name:key=value[,key=value…], got '" + pair + "'");
                    }
                    settings.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
            return new Variant(name, settings);
        }
    }

    /** The topics the pipeline's stream tasks read through its consumer group (the label tables are global). */
    private static final List<Topic<String, ?>> INPUTS = List.of(Topics.INTENTS, Topics.APPROVAL_REQUESTS, Topics.APPROVAL_DECISIONS,
            Topics.EXECUTIONS, Topics.AUDIT_UNCHAINED, Topics.VERDICTS, Topics.INTENTS_REFUSED);

    private StreamsSettingsBench() {
    }

    public static StreamsSettingsResults run(List<Variant> variants, List<Integer> rates, Duration warmup, Duration measure, int saturation,
                                             int repetitions, PrintWriter progress) throws Exception {
        try (BenchStack bench = BenchStack.start("gate-settings");
             Admin admin = Admin.create(bench.kafka().clientProperties(Map.of()));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(bench.kafka().clientProperties(Map.of(
                     ProducerConfig.LINGER_MS_CONFIG, "0", ProducerConfig.ACKS_CONFIG, "all")), new ByteArraySerializer(), new ByteArraySerializer())) {
            Policy policy = PolicyLoader.parse(GateLatencyBench.POLICY, "bench-policy.yaml");
            Serializer<ActionIntent> intents = Topics.INTENTS.valueSerde(bench.registry()).serializer();
            List<StreamsSettingsResults.Repetition> done = new ArrayList<>();
            for (int rep = 0; rep < repetitions; rep++) {
                List<Variant> order = new ArrayList<>(variants);
                Collections.rotate(order, -rep);
                progress.printf("repetition %d of %d, in the order %s%n", rep + 1, repetitions, order.stream().map(Variant::name).toList());
                Map<String, StreamsSettingsResults.Figures> figures = new HashMap<>();
                for (Variant v : order) {
                    figures.put(v.name(), measureVariant(bench, admin, producer, intents, policy, v, rates, warmup, measure, saturation, progress));
                }
                done.add(new StreamsSettingsResults.Repetition(figures));
            }
            return new StreamsSettingsResults(variants, rates, done);
        }
    }

    private static StreamsSettingsResults.Figures measureVariant(BenchStack bench, Admin admin, KafkaProducer<byte[], byte[]> producer,
                                                                 Serializer<ActionIntent> intents, Policy policy, Variant v, List<Integer> rates,
                                                                 Duration warmup, Duration measure, int saturation, PrintWriter progress)
            throws Exception {
        KafkaSettings kafka = bench.kafka();
        SchemaRegistryClient registry = bench.registry();
        String applicationId = "countersign-bench-settings-" + v.name();
        boolean firstWins = v.name().equals(Variant.FIRST_WINS);
        ConsumerGroups.startAtEnd(admin, applicationId, INPUTS.stream().map(Topic::name).toList());
        if (firstWins) {
            ConsumerGroups.startAtEnd(admin, applicationId + "-gate", List.of(Topics.INTENTS.name()));
        }
        StreamProcessorsConfig config = StreamProcessorsConfig.builder().applicationId(applicationId).dataDir(bench.dataDir())
                .commitIntervalMs(GateLatencyBench.COMMIT_INTERVAL.toMillis()).streams(v.streams())
                .gate(firstWins ? GateMode.FIRST_WINS : GateMode.EXACTLY_ONCE).build();
        progress.printf("  %s %s: starting its pipeline%n", v.name(), v.streams());
        try (StreamProcessors pipeline = StreamProcessors.start(kafka, registry, config, () -> policy, Duration.ofSeconds(120))) {
            GatePaths.Path path = firstWins ? GatePaths.firstWins(v.name(), admin, applicationId + "-gate", producer, intents)
                    : GatePaths.pipeline(v.name(), admin, applicationId, producer, intents);
            Map<Integer, OpenLoopLoad.Percentiles> byRate = new LinkedHashMap<>();
            for (int rate : rates) {
                path.awaitCaughtUp(progress);
                byRate.put(rate, GatePaths.measure(kafka, path, rate, warmup, measure, progress));
            }
            GatePaths.threadTimes(pipeline, progress);
            path.awaitCaughtUp(progress);
            double perSecond = GatePaths.saturate(kafka, path, saturation, progress);
            path.awaitCaughtUp(progress);
            return new StreamsSettingsResults.Figures(byRate, perSecond);
        }
    }
}
