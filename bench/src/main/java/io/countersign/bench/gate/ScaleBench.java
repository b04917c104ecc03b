package io.countersign.bench.gate;

import io.countersign.bench.BenchStack;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.topics.Topics;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.StreamProcessorsConfig;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.schema.ActionIntent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The decision pipeline's saturated throughput with one instance against two instances of the same
 * application (separate state directories, one consumer group sharing the partitions: what two
 * {@code countersign pipeline} processes do, here in one JVM so both measurements share the machine
 * and the broker). Each repetition starts fresh instances under a new application id reading from the
 * end of {@code countersign.intents}, sends {@code records} auto-allowed intents at once and times
 * them to the last verdict ({@code read_committed}). After an untimed warm-up round, one and two
 * instances alternate in ABBA order, and the ratio is reported per repetition and as min / median / max.
 */
public final class ScaleBench {

    /** One repetition: records per second with one and with two instances. */
    public record Repetition(int repetition, double oneInstance, double twoInstances) {
        public double ratio() {
            return twoInstances / Math.max(1e-9, oneInstance);
        }
    }

    private ScaleBench() {
    }

    public static List<Repetition> run(int records, int repetitions, Map<String, String> streams, PrintWriter progress) throws Exception {
        try (BenchStack bench = BenchStack.start("scale");
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(bench.kafka().clientProperties(Map.of(
                     ProducerConfig.LINGER_MS_CONFIG, "5", ProducerConfig.ACKS_CONFIG, "all")), new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            Policy policy = PolicyLoader.parse("defaultEffect: allow\nrules: []\n", "bench-scale-policy.yaml");
            Serializer<ActionIntent> intents = Topics.INTENTS.valueSerde(bench.registry()).serializer();
            // An untimed round first: the first pipeline started in this JVM pays for the JIT and would make
            // whichever configuration runs first look slow.
            AtomicInteger tasks = new AtomicInteger(); // learnt from the first, single-instance measurement
            progress.println("  warm-up round (not counted)");
            measure(bench, producer, intents, policy, 1, 0, records, streams, tasks, progress);
            measure(bench, producer, intents, policy, 2, 0, records, streams, tasks, progress);
            List<Repetition> results = new ArrayList<>();
            for (int r = 1; r <= repetitions; r++) {
                // One-then-two, then two-then-one: drift over the run (heap, page cache, the broker's logs)
                // falls on both configurations alike.
                boolean oneFirst = r % 2 == 1;
                double one = oneFirst ? measure(bench, producer, intents, policy, 1, r, records, streams, tasks, progress) : 0;
                double two = measure(bench, producer, intents, policy, 2, r, records, streams, tasks, progress);
                if (!oneFirst) {
                    one = measure(bench, producer, intents, policy, 1, r, records, streams, tasks, progress);
                }
                results.add(new Repetition(r, one, two));
                progress.printf("  repetition %d: one instance %,.0f/s, two %,.0f/s (%.2f×)%n", r, one, two, two / one);
                progress.flush();
            }
            return results;
        }
    }

    private static double measure(BenchStack bench, KafkaProducer<byte[], byte[]> producer, Serializer<ActionIntent> intents, Policy policy,
                                  int instances, int repetition, int records, Map<String, String> streams, AtomicInteger tasks,
                                  PrintWriter progress) throws Exception {
        String applicationId = "bench-scale-" + instances + "-" + repetition + "-" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> settings = new HashMap<>(streams);
        settings.put("consumer.auto.offset.reset", "latest"); // earlier repetitions' intents are not this one's work
        List<StreamProcessors> running = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                Path data = bench.dataDir().resolve(applicationId + "-" + i);
                running.add(StreamProcessors.start(bench.kafka(), bench.registry(), StreamProcessorsConfig.builder().applicationId(applicationId)
                        .keyDir(bench.dataDir().resolve("keys").toString()).stateDir(data.toString())
                        .commitIntervalMs(GateLatencyBench.COMMIT_INTERVAL.toMillis()).streams(settings).build(),
                        () -> policy, Duration.ofSeconds(60)));
            }
            awaitSettled(running, tasks);
            LatencyProbe probe = new LatencyProbe(probeConsumer(bench.kafka()), Topics.VERDICTS.name());
            Thread reader = new Thread(probe, "bench-scale-probe");
            reader.setDaemon(true);
            reader.start();
            if (!probe.awaitAssigned(Duration.ofSeconds(30))) {
                throw new IllegalStateException("the probe got no partitions of " + Topics.VERDICTS.name());
            }
            progress.printf("  %d instance(s), repetition %d: %,d intents at once%n", instances, repetition, records);
            progress.flush();
            long start = System.nanoTime();
            probe.startMeasuring(start);
            for (int i = 0; i < records; i++) {
                String id = UUID.randomUUID().toString();
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.INTENTS.name(), id.getBytes(StandardCharsets.UTF_8),
                        intents.serialize(Topics.INTENTS.name(), GatePaths.intent(id)));
                record.headers().add(LatencyProbe.HEADER, LatencyProbe.stamp(System.nanoTime()));
                producer.send(record);
            }
            if (!probe.awaitReceived(records, Duration.ofMinutes(5))) {
                progress.printf("  only %,d of %,d verdicts within 5 minutes%n", probe.received(), records);
            }
            double perSecond = probe.received() / ((System.nanoTime() - start) / 1e9);
            probe.stop();
            reader.join();
            return perSecond;
        } finally {
            running.forEach(StreamProcessors::close);
        }
    }

    /**
     * Waits until every instance is RUNNING with a share of the tasks and together they run all of them
     * (as many as one instance alone did), so a follow-up rebalance after the last join does not fall
     * into the timed window. The first measurement, with one instance, learns how many tasks there are.
     */
    private static void awaitSettled(List<StreamProcessors> running, AtomicInteger tasks) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Set<String> all = new HashSet<>();
            boolean settled = true;
            for (StreamProcessors p : running) {
                Set<String> mine = p.activeTasks();
                settled &= p.state() == KafkaStreams.State.RUNNING && !mine.isEmpty();
                all.addAll(mine);
            }
            if (settled && tasks.get() == 0 && running.size() == 1) {
                tasks.set(all.size());
            }
            if (settled && all.size() == tasks.get()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pipeline instances not RUNNING with all " + tasks.get() + " tasks shared after 60 s");
            }
            Thread.sleep(100);
        }
    }

    private static KafkaConsumer<byte[], byte[]> probeConsumer(KafkaSettings kafka) {
        return new KafkaConsumer<>(kafka.clientProperties(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "bench-scale-probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
