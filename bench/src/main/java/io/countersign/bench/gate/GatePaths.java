package io.countersign.bench.gate;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.topics.Topics;
import io.countersign.processors.StreamProcessors;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * What the gate benches share: a path under test, its latency at an open-loop rate and its saturated throughput,
 * each read by a {@link LatencyProbe} on the path's output; the stream threads' loop times; the intents sent.
 */
final class GatePaths {

    private GatePaths() {
    }

    /** A path under test: where its records go in, how they are sent, where they come out, and its backlog if it keeps one. */
    record Path(String name, String output, boolean committed, LongConsumer send, Backlog backlog) {
        void awaitCaughtUp(PrintWriter progress) throws Exception {
            if (backlog != null) {
                backlog.awaitCaughtUp(Duration.ofMinutes(5), progress, name);
            }
        }
    }

    /**
     * The decision pipeline of application {@code applicationId} as a path: a fresh auto-allowed intent produced to
     * {@code countersign.intents}, its verdict read (read_committed) from {@code countersign.verdicts}.
     */
    static Path pipeline(String name, Admin admin, String applicationId, KafkaProducer<byte[], byte[]> producer,
                         Serializer<ActionIntent> intents) {
        return deciding(name, Topics.VERDICTS.name(), admin, applicationId, producer, intents);
    }

    /**
     * The first-wins pipeline's gate (application {@code gateApplicationId}, at least once) as a path: a fresh auto-allowed
     * intent produced to {@code countersign.intents}, its decision read (read_committed) from the gate's audit batch on
     * {@code countersign.audit.unchained}, where an agent's fast verdict view would read it.
     */
    static Path firstWins(String name, Admin admin, String gateApplicationId, KafkaProducer<byte[], byte[]> producer,
                          Serializer<ActionIntent> intents) {
        return deciding(name, Topics.AUDIT_UNCHAINED.name(), admin, gateApplicationId, producer, intents);
    }

    /** Fresh auto-allowed intents into {@code countersign.intents}, read (read_committed) on {@code output}; {@code group}'s lag is the backlog. */
    private static Path deciding(String name, String output, Admin admin, String group, KafkaProducer<byte[], byte[]> producer,
                                 Serializer<ActionIntent> intents) {
        return new Path(name, output, true, at -> {
            String id = UUID.randomUUID().toString();
            producer.send(stamped(Topics.INTENTS.name(), id, intents.serialize(Topics.INTENTS.name(), intent(id)), at));
        }, new Backlog(admin, group, Topics.INTENTS.name(), Topics.INTENTS.partitions()));
    }

    /** A probe reading a path's output on its own thread, once it owns the output's partitions. */
    record RunningProbe(LatencyProbe probe, Thread reader) {
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

    static OpenLoopLoad.Percentiles measure(KafkaSettings kafka, Path path, int rate, Duration warmup, Duration measure,
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
    static double saturate(KafkaSettings kafka, Path path, int records, PrintWriter progress) throws InterruptedException {
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
    static void threadTimes(StreamProcessors gate, PrintWriter progress) {
        TreeMap<String, Double> times = new TreeMap<>();
        gate.metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && name.name().matches("(poll|process|punctuate|commit)-latency-(avg|max)")
                    && metric.metricValue() instanceof Double d && !d.isNaN()) {
                times.merge(name.name(), d, Math::max);
            }
        });
        progress.printf("  stream threads (ms): %s%n", times);
    }

    static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static ProducerRecord<byte[], byte[]> stamped(String topic, String key, byte[] value, long intended) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
        r.headers().add(LatencyProbe.HEADER, LatencyProbe.stamp(intended));
        return r;
    }

    /** A probe's consumer: from the end of the topic, polling briskly. */
    static KafkaConsumer<byte[], byte[]> consumer(KafkaSettings kafka, boolean committed) {
        return consumer(kafka, committed, "latest");
    }

    static KafkaConsumer<byte[], byte[]> consumer(KafkaSettings kafka, boolean committed, String reset) {
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
