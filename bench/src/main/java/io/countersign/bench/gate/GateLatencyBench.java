package io.countersign.bench.gate;

import io.countersign.bench.BenchStack;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.StreamProcessorsConfig;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.LongConsumer;

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
 */
public final class GateLatencyBench {

    /** The pipeline's commit interval, which the exactly-once baseline uses too. */
    static final Duration COMMIT_INTERVAL = Duration.ofMillis(25);

    /** A path under test: where its records go in, how they are sent, where they come out, and its backlog if it keeps one. */
    private record Path(String name, String output, boolean committed, LongConsumer send, Backlog backlog) {
        void awaitCaughtUp(PrintWriter progress) throws Exception {
            if (backlog != null) {
                backlog.awaitCaughtUp(Duration.ofMinutes(5), progress, name);
            }
        }
    }

    static final String POLICY = """
            defaultEffect: allow
            rules:
              - id: secret-out
                condition: "'SECRET' in labels && intent.destination.external"
                effect: deny
            """;

    public static GateResults run(List<Integer> rates, Duration warmup, Duration measure, int saturationRecords, Map<String, String> streams,
                                  int repetitions, PrintWriter progress) throws Exception {
        try (BenchStack bench = BenchStack.start("gate")) {
            KafkaSettings kafka = bench.kafka();
            SchemaRegistryClient registry = bench.registry();
            Admin admin = Admin.create(kafka.clientProperties(Map.of()));
            admin.createTopics(List.of("bench.pass.in", "bench.pass.out", "bench.eos.in", "bench.eos.out").stream()
                    .map(t -> new NewTopic(t, Topics.INTENTS.partitions(), (short) 1)).toList()).all().get();
            Policy policy = PolicyLoader.parse(POLICY, "bench-policy.yaml");
            java.nio.file.Path data = bench.dataDir();
            StreamProcessorsConfig config = StreamProcessorsConfig.builder().applicationId("countersign-bench").dataDir(data)
                    .commitIntervalMs(COMMIT_INTERVAL.toMillis()).streams(streams).build();
            try (admin; StreamProcessors gate = StreamProcessors.start(kafka, registry, config, () -> policy, Duration.ofSeconds(60));
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(Map.of(
                         ProducerConfig.LINGER_MS_CONFIG, "0", ProducerConfig.ACKS_CONFIG, "all")),
                         new ByteArraySerializer(), new ByteArraySerializer())) {
                Passthrough passthrough = new Passthrough(consumer(kafka, false, "earliest"), new KafkaProducer<>(
                        kafka.clientProperties(Map.of(ProducerConfig.LINGER_MS_CONFIG, "0")), new ByteArraySerializer(),
                        new ByteArraySerializer()), "bench.pass.in", "bench.pass.out");
                TransactionalPassthrough exactlyOnce = new TransactionalPassthrough(consumer(kafka, true, "earliest"), new KafkaProducer<>(
                        kafka.clientProperties(Map.of(ProducerConfig.LINGER_MS_CONFIG, "0",
                                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-eos-" + UUID.randomUUID())),
                        new ByteArraySerializer(), new ByteArraySerializer()), "bench.eos.in", "bench.eos.out", COMMIT_INTERVAL);
                daemon("bench-passthrough", passthrough);
                daemon("bench-eos-passthrough", exactlyOnce);
                Serializer<ActionIntent> intents = Topics.INTENTS.valueSerde(registry).serializer();
                byte[] sample = intents.serialize(Topics.INTENTS.name(), intent("sample"));
                List<Path> paths = List.of(
                        new Path("passthrough", "bench.pass.out", false,
                                at -> producer.send(stamped("bench.pass.in", UUID.randomUUID().toString(), sample, at)), null),
                        new Path("exactly-once passthrough", "bench.eos.out", true,
                                at -> producer.send(stamped("bench.eos.in", UUID.randomUUID().toString(), sample, at)), null),
                        new Path("gate", Topics.VERDICTS.name(), true, at -> {
                            String id = UUID.randomUUID().toString();
                            producer.send(stamped(Topics.INTENTS.name(), id, intents.serialize(Topics.INTENTS.name(), intent(id)), at));
                        }, new Backlog(admin, config.applicationId(), Topics.INTENTS.name(), Topics.INTENTS.partitions())));
                WriteCount writes = new WriteCount(admin, topic -> !topic.startsWith("bench."));
                List<GateResults.Repetition> done = new ArrayList<>();
                Map<String, Double> writesPerIntent = Map.of();
                for (int rep = 0; rep < repetitions; rep++) {
                    List<Path> order = new ArrayList<>(paths);
                    Collections.rotate(order, -rep);
                    progress.printf("repetition %d of %d, in the order %s%n", rep + 1, repetitions, order.stream().map(Path::name).toList());
                    List<GateResults.Row> rows = new ArrayList<>();
                    for (int rate : rates) {
                        Map<String, OpenLoopLoad.Percentiles> figures = new HashMap<>();
                        for (Path path : order) {
                            path.awaitCaughtUp(progress);
                            figures.put(path.name(), measure(kafka, path, rate, warmup, measure, progress));
                        }
                        rows.add(new GateResults.Row(rate, figures.get(paths.get(0).name()), figures.get(paths.get(1).name()),
                                figures.get(paths.get(2).name())));
                        threadTimes(gate, progress);
                    }
                    Map<String, Double> perSecond = new HashMap<>();
                    for (Path path : order) {
                        path.awaitCaughtUp(progress);
                        Map<String, Long> before = path.backlog() == null ? null : writes.endsOnceQuiet(Duration.ofSeconds(2), Duration.ofMinutes(2));
                        perSecond.put(path.name(), saturate(kafka, path, saturationRecords, progress));
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

    /** A probe reading a path's output on its own thread, once it owns the output's partitions. */
    private record RunningProbe(LatencyProbe probe, Thread reader) {
        static RunningProbe on(KafkaSettings kafka, Path path) throws InterruptedException {
            LatencyProbe probe = new LatencyProbe(consumer(kafka, path.committed()), path.output());
            Thread reader = daemon("bench-probe", probe);
            if (!probe.awaitAssigned(Duration.ofSeconds(30))) {
                throw new IllegalStateException("the probe got no partitions of " + path.output() + " within 30 s");
            }
            return new RunningProbe(probe, reader);
        }

        void stop() throws InterruptedException {
            probe.stop();
            reader.join();
        }
    }

    private static OpenLoopLoad.Percentiles measure(KafkaSettings kafka, Path path, int rate, Duration warmup, Duration measure,
                                                    PrintWriter progress) throws InterruptedException {
        RunningProbe running = RunningProbe.on(kafka, path);
        LatencyProbe probe = running.probe();
        progress.printf("  %s at %d/s: warming up %ds, measuring %ds%n", path.name(), rate, warmup.toSeconds(), measure.toSeconds());
        progress.flush();
        OpenLoopLoad.run(rate, warmup, path.send());
        probe.startMeasuring(System.nanoTime());
        long sent = OpenLoopLoad.run(rate, measure, path.send());
        // Drain what is still in flight; a saturated path is measured with what arrived in 30 s.
        probe.awaitReceived(sent, Duration.ofSeconds(30));
        running.stop();
        return OpenLoopLoad.Percentiles.of(probe.snapshot());
    }

    /** Records per second from the first send to the last arrival, with everything sent at once. */
    private static double saturate(KafkaSettings kafka, Path path, int records, PrintWriter progress) throws InterruptedException {
        RunningProbe running = RunningProbe.on(kafka, path);
        LatencyProbe probe = running.probe();
        progress.printf("  %s saturated: %,d records as fast as they can be sent%n", path.name(), records);
        progress.flush();
        long start = System.nanoTime();
        probe.startMeasuring(start);
        for (int i = 0; i < records; i++) {
            path.send().accept(System.nanoTime());
        }
        if (!probe.awaitReceived(records, Duration.ofMinutes(5))) {
            progress.printf("  %s: only %,d of %,d records arrived within 5 minutes%n", path.name(), probe.received(), records);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long received = probe.received();
        running.stop();
        return received / seconds;
    }

    /** Where the stream threads' time went: the max and average of each loop phase, in ms. */
    private static void threadTimes(StreamProcessors gate, PrintWriter progress) {
        TreeMap<String, Double> times = new TreeMap<>();
        gate.metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && name.name().matches("(poll|process|punctuate|commit)-latency-(avg|max)")
                    && metric.metricValue() instanceof Double d && !d.isNaN()) {
                times.merge(name.name(), d, Math::max);
            }
        });
        progress.printf("  stream threads (ms): %s%n", times);
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static ProducerRecord<byte[], byte[]> stamped(String topic, String key, byte[] value, long intended) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
        r.headers().add(LatencyProbe.HEADER, LatencyProbe.stamp(intended));
        return r;
    }

    /** A probe's consumer: from the end of the topic, polling briskly. */
    private static KafkaConsumer<byte[], byte[]> consumer(KafkaSettings kafka, boolean committed) {
        return consumer(kafka, committed, "latest");
    }

    private static KafkaConsumer<byte[], byte[]> consumer(KafkaSettings kafka, boolean committed, String reset) {
        return new KafkaConsumer<>(kafka.clientProperties(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, reset,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, Boolean.toString(!committed),
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, committed ? "read_committed" : "read_uncommitted")),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static ActionIntent intent(String id) {
        return ActionIntent.newBuilder().setIntentId(id).setOccurredAt(Instant.now())
                .setAgent(AgentRef.newBuilder().setId("agent:bench").setFramework("bench").build())
                .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:bench"))
                .setAction("db.read").setTargets(List.of()).setParameters(Map.of("limit", "100")).setEnvironment("prod").build();
    }
}
