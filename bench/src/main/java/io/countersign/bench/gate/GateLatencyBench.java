package io.countersign.bench.gate;

import io.countersign.bench.BenchStack;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.processors.GateMode;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.StreamProcessorsConfig;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.schema.ActionIntent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Gate latency for auto-allowed intents (intent produced → verdict consumed, read_committed) next to two
 * baselines on the same embedded broker in the same run, at fixed open-loop rates: a raw at-least-once
 * passthrough (what any Kafka hop costs) and an exactly-once one (consume, produce and commit the offsets
 * in one transaction every commit interval, read by a read_committed probe: what an exactly-once hop
 * costs). Then each path's sustained throughput, saturated.
 *
 * <p>All of it {@code repetitions} times, the paths' order rotated each time so that none always runs
 * first (while the JIT compiles) or last; the results give each ratio as min / median / max. The gate's
 * saturated run also counts every broker write it caused ({@link WriteCount}), per intent.
 *
 * <p>With {@code firstWins}, the gate is the first-wins pipeline's ({@code gate: first-wins}), its latency
 * read on its audit batches ({@link GatePaths#firstWins}).
 */
public final class GateLatencyBench {

    /** The pipeline's commit interval, which the exactly-once baseline uses too. */
    static final Duration COMMIT_INTERVAL = Duration.ofMillis(25);

    static final String POLICY = """
            defaultEffect: allow
            rules:
              - id: secret-out
                condition: "'SECRET' in labels && intent.destination.external"
                effect: deny
            """;

    public static GateResults run(List<Integer> rates, Duration warmup, Duration measure, int saturationRecords, Map<String, String> streams,
                                  boolean firstWins, int repetitions, PrintWriter progress) throws Exception {
        try (BenchStack bench = BenchStack.start("gate")) {
            KafkaSettings kafka = bench.kafka();
            SchemaRegistryClient registry = bench.registry();
            Admin admin = Admin.create(kafka.clientProperties(Map.of()));
            admin.createTopics(List.of("bench.pass.in", "bench.pass.out", "bench.eos.in", "bench.eos.out").stream()
                    .map(t -> new NewTopic(t, Topics.INTENTS.partitions(), (short) 1)).toList()).all().get();
            Policy policy = PolicyLoader.parse(POLICY, "bench-policy.yaml");
            java.nio.file.Path data = bench.dataDir();
            StreamProcessorsConfig config = StreamProcessorsConfig.builder().applicationId("countersign-bench").dataDir(data)
                    .commitIntervalMs(COMMIT_INTERVAL.toMillis()).streams(streams)
                    .gate(firstWins ? GateMode.FIRST_WINS : GateMode.EXACTLY_ONCE).build();
            try (admin; StreamProcessors gate = StreamProcessors.start(kafka, registry, config, () -> policy, Duration.ofSeconds(60));
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(Map.of(
                         ProducerConfig.LINGER_MS_CONFIG, "0", ProducerConfig.ACKS_CONFIG, "all")),
                         new ByteArraySerializer(), new ByteArraySerializer())) {
                Passthrough passthrough = new Passthrough(GatePaths.consumer(kafka, false, "earliest"), new KafkaProducer<>(
                        kafka.clientProperties(Map.of(ProducerConfig.LINGER_MS_CONFIG, "0")), new ByteArraySerializer(),
                        new ByteArraySerializer()), "bench.pass.in", "bench.pass.out");
                TransactionalPassthrough exactlyOnce = new TransactionalPassthrough(GatePaths.consumer(kafka, true, "earliest"), new KafkaProducer<>(
                        kafka.clientProperties(Map.of(ProducerConfig.LINGER_MS_CONFIG, "0",
                                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-eos-" + UUID.randomUUID())),
                        new ByteArraySerializer(), new ByteArraySerializer()), "bench.eos.in", "bench.eos.out", COMMIT_INTERVAL);
                GatePaths.daemon("bench-passthrough", passthrough);
                GatePaths.daemon("bench-eos-passthrough", exactlyOnce);
                Serializer<ActionIntent> intents = Topics.INTENTS.valueSerde(registry).serializer();
                byte[] sample = intents.serialize(Topics.INTENTS.name(), GatePaths.intent("sample"));
                List<GatePaths.Path> paths = List.of(
                        new GatePaths.Path("passthrough", "bench.pass.out", false,
                                at -> producer.send(GatePaths.stamped("bench.pass.in", UUID.randomUUID().toString(), sample, at)), null),
                        new GatePaths.Path("exactly-once passthrough", "bench.eos.out", true,
                                at -> producer.send(GatePaths.stamped("bench.eos.in", UUID.randomUUID().toString(), sample, at)), null),
                        firstWins ? GatePaths.firstWins("gate", admin, config.applicationId() + "-gate", producer, intents)
                                : GatePaths.pipeline("gate", admin, config.applicationId(), producer, intents));
                WriteCount writes = new WriteCount(admin, topic -> !topic.startsWith("bench."));
                List<GateResults.Repetition> done = new ArrayList<>();
                Map<String, Double> writesPerIntent = Map.of();
                for (int rep = 0; rep < repetitions; rep++) {
                    List<GatePaths.Path> order = new ArrayList<>(paths);
                    Collections.rotate(order, -rep);
                    progress.printf("repetition %d of %d, in the order %s%n", rep + 1, repetitions, order.stream().map(GatePaths.Path::name).toList());
                    List<GateResults.Row> rows = new ArrayList<>();
                    for (int rate : rates) {
                        Map<String, OpenLoopLoad.Percentiles> figures = new HashMap<>();
                        for (GatePaths.Path path : order) {
                            path.awaitCaughtUp(progress);
                            figures.put(path.name(), GatePaths.measure(kafka, path, rate, warmup, measure, progress));
                        }
                        rows.add(new GateResults.Row(rate, figures.get(paths.get(0).name()), figures.get(paths.get(1).name()),
                                figures.get(paths.get(2).name())));
                        GatePaths.threadTimes(gate, progress);
                    }
                    Map<String, Double> perSecond = new HashMap<>();
                    for (GatePaths.Path path : order) {
                        path.awaitCaughtUp(progress);
                        Map<String, Long> before = path.backlog() == null ? null : writes.endsOnceQuiet(Duration.ofSeconds(2), Duration.ofMinutes(2));
                        perSecond.put(path.name(), GatePaths.saturate(kafka, path, saturationRecords, progress));
                        if (before != null) {
                            path.awaitCaughtUp(progress);
                            writesPerIntent = WriteCount.perIntent(before, writes.endsOnceQuiet(Duration.ofSeconds(2), Duration.ofMinutes(2)),
                                    saturationRecords);
                        }
                    }
                    done.add(new GateResults.Repetition(rows, new GateResults.Throughput(saturationRecords, perSecond.get(paths.get(0).name()),
                            perSecond.get(paths.get(1).name()), perSecond.get(paths.get(2).name()))));
                }
                passthrough.stop();
                exactlyOnce.stop();
                return new GateResults(done, writesPerIntent);
            }
        }
    }
}
