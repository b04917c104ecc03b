package io.countersign.bench.gate;

import io.countersign.bench.BenchStack;
import io.countersign.config.KafkaSettings;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.StreamProcessorsConfig;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schemas.registry.SchemaRegistryClient;
import io.countersign.schemas.topics.Topics;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Gate latency for auto-allowed intents (intent produced → verdict consumed, read_committed) next to a
 * raw Kafka passthrough on the same embedded broker in the same run, at fixed open-loop rates.
 */
public final class GateLatencyBench {

    /** One rate's figures for both paths. */
    public record Row(int rate, OpenLoopLoad.Percentiles passthrough, OpenLoopLoad.Percentiles gate, long sent) {
        public double p99Ratio() {
            return gate.p99() / Math.max(0.001, passthrough.p99());
        }

        public double throughputRatio() {
            return (double) gate.count() / Math.max(1, passthrough.count());
        }
    }

    /** Closed-loop saturation: {@code records} sent as fast as the producer takes them, until the last arrives. */
    public record Throughput(int records, double passthroughPerSecond, double gatePerSecond) {
        public double ratio() {
            return gatePerSecond / Math.max(1e-9, passthroughPerSecond);
        }
    }

    /** The latency rows, and the sustained throughput of both paths. */
    public record Result(List<Row> rows, Throughput throughput) {
    }

    private static final String POLICY = """
            defaultEffect: allow
            rules:
              - id: secret-out
                condition: "'SECRET' in labels && intent.destination.external"
                effect: deny
            """;

    public static Result run(List<Integer> rates, Duration warmup, Duration measure, int saturationRecords, Map<String, String> streams,
                             PrintWriter progress)
            throws Exception {
        try (BenchStack bench = BenchStack.start("gate")) {
            KafkaSettings kafka = bench.kafka();
            SchemaRegistryClient registry = bench.registry();
            Path data = bench.dataDir();
            try (Admin admin = Admin.create(kafka.clientProperties(Map.of()))) {
                admin.createTopics(List.of(new NewTopic("bench.pass.in", Topics.INTENTS.partitions(), (short) 1),
                        new NewTopic("bench.pass.out", Topics.VERDICTS.partitions(), (short) 1))).all().get();
            }
            Policy policy = PolicyLoader.parse(POLICY, "bench-policy.yaml");
            StreamProcessorsConfig config = new StreamProcessorsConfig("countersign-bench", null, null,
                    data.resolve("keys").toString(), data.resolve("streams").toString(), 25, List.of("UNCLASSIFIED"), 1000, 10_000, Map.copyOf(streams));
            List<Row> rows = new ArrayList<>();
            try (StreamProcessors gate = StreamProcessors.start(kafka, registry, config, () -> policy, Duration.ofSeconds(60));
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(Map.of(
                         ProducerConfig.LINGER_MS_CONFIG, "0", ProducerConfig.ACKS_CONFIG, "all")),
                         new ByteArraySerializer(), new ByteArraySerializer())) {
                Serializer<ActionIntent> intents = Topics.INTENTS.valueSerde(registry).serializer();
                Passthrough passthrough = new Passthrough(consumer(kafka, false),
                        new KafkaProducer<>(kafka.clientProperties(Map.of(ProducerConfig.LINGER_MS_CONFIG, "0")),
                                new ByteArraySerializer(), new ByteArraySerializer()), "bench.pass.in", "bench.pass.out");
                daemon("bench-passthrough", passthrough);
                byte[] sample = intents.serialize(Topics.INTENTS.name(), intent("sample"));
                for (int rate : rates) {
                    OpenLoopLoad.Percentiles pass = measure(kafka, "bench.pass.out", false, rate, warmup, measure, progress, "passthrough",
                            intended -> producer.send(stamped("bench.pass.in", UUID.randomUUID().toString(), sample, intended)));
                    long[] sent = new long[1];
                    OpenLoopLoad.Percentiles gated = measure(kafka, Topics.VERDICTS.name(), true, rate, warmup, measure, progress, "gate",
                            intended -> {
                                String id = UUID.randomUUID().toString();
                                producer.send(stamped(Topics.INTENTS.name(), id, intents.serialize(Topics.INTENTS.name(), intent(id)), intended));
                                sent[0]++;
                            });
                    rows.add(new Row(rate, pass, gated, sent[0]));
                    threadTimes(gate, progress);
                }
                double passRate = saturate(kafka, "bench.pass.out", false, saturationRecords, progress, "passthrough",
                        () -> producer.send(stamped("bench.pass.in", UUID.randomUUID().toString(), sample, System.nanoTime())));
                double gateRate = saturate(kafka, Topics.VERDICTS.name(), true, saturationRecords, progress, "gate", () -> {
                    String id = UUID.randomUUID().toString();
                    producer.send(stamped(Topics.INTENTS.name(), id, intents.serialize(Topics.INTENTS.name(), intent(id)), System.nanoTime()));
                });
                passthrough.stop();
                return new Result(rows, new Throughput(saturationRecords, passRate, gateRate));
            }
        }
    }

    private static OpenLoopLoad.Percentiles measure(KafkaSettings kafka, String output, boolean committed, int rate, Duration warmup,
                                                    Duration measure, PrintWriter progress, String what,
                                                    java.util.function.LongConsumer send) throws InterruptedException {
        LatencyProbe probe = new LatencyProbe(consumer(kafka, committed), output);
        Thread reader = daemon("bench-probe", probe);
        if (!probe.awaitAssigned(Duration.ofSeconds(30))) {
            throw new IllegalStateException("the latency probe got no partitions of " + output + " within 30 s");
        }
        progress.printf("  %s at %d/s: warming up %ds, measuring %ds%n", what, rate, warmup.toSeconds(), measure.toSeconds());
        progress.flush();
        OpenLoopLoad.run(rate, warmup, send);
        probe.startMeasuring(System.nanoTime());
        long sent = OpenLoopLoad.run(rate, measure, send);
        // Drain what is still in flight; a saturated path is measured with what arrived in 30 s.
        probe.awaitReceived(sent, Duration.ofSeconds(30));
        probe.stop();
        reader.join();
        return OpenLoopLoad.Percentiles.of(probe.snapshot());
    }

    /** Records per second from the first send to the last arrival, with everything sent at once. */
    private static double saturate(KafkaSettings kafka, String output, boolean committed, int records, PrintWriter progress, String what,
                                   Runnable send) throws InterruptedException {
        LatencyProbe probe = new LatencyProbe(consumer(kafka, committed), output);
        Thread reader = daemon("bench-saturation-probe", probe);
        if (!probe.awaitAssigned(Duration.ofSeconds(30))) {
            throw new IllegalStateException("the throughput probe got no partitions of " + output + " within 30 s");
        }
        progress.printf("  %s saturated: %,d records as fast as they can be sent%n", what, records);
        progress.flush();
        long start = System.nanoTime();
        probe.startMeasuring(start);
        for (int i = 0; i < records; i++) {
            send.run();
        }
        probe.awaitReceived(records, Duration.ofMinutes(5));
        double seconds = (System.nanoTime() - start) / 1e9;
        long received = probe.received();
        probe.stop();
        reader.join();
        return received / seconds;
    }

    /** Where the stream threads' time went: the max and average of each loop phase, in ms. */
    private static void threadTimes(StreamProcessors gate, PrintWriter progress) {
        java.util.TreeMap<String, Double> times = new java.util.TreeMap<>();
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

    private static KafkaConsumer<byte[], byte[]> consumer(KafkaSettings kafka, boolean committed) {
        return new KafkaConsumer<>(kafka.clientProperties(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, committed ? "read_committed" : "read_uncommitted")),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static ActionIntent intent(String id) {
        return ActionIntent.newBuilder().setIntentId(id).setOccurredAt(Instant.now())
                .setAgent(AgentRef.newBuilder().setId("agent:bench").setFramework("bench").build())
                .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:bench"))
                .setAction("db.read").setTargets(List.of()).setParameters(Map.of("limit", "100")).setEnvironment("prod").build();
    }
}
