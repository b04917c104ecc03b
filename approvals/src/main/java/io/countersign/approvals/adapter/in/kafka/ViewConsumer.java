package io.countersign.approvals.adapter.in.kafka;

import io.countersign.config.KafkaSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads the given topics from the beginning into an in-memory view (a {@link RecordHandler}): the
 * pending approvals every approval channel needs ({@link ApprovalRecords}), and the gateway's own intent
 * and label views. Every partition is assigned (no consumer group): each instance needs every record, and
 * a restart rebuilds its view from the topics, so nothing depends on the instance a client happened to
 * reach. The Kafka client id is the caller's, so each service reports as itself.
 *
 * <p>Records that cannot be read are skipped and logged by coordinates; the decision pipeline is the one
 * that dead-letters them, so doing it twice would only duplicate dead letters.
 */
public final class ViewConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ViewConsumer.class);

    /** Applies one record (value possibly null: a tombstone) to a view; may throw on an unreadable one. */
    @FunctionalInterface
    public interface RecordHandler {
        void apply(ConsumerRecord<byte[], byte[]> record);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RecordHandler handler;
    private final String clientId;
    private final List<String> topics;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    /** When a pass of the loop last found every partition read to its end (System.nanoTime()); see {@link #currentSince}. */
    private volatile long currentAt;
    private volatile boolean everCurrent;

    /** Reads {@code topics} into {@code handler}, reporting to Kafka as {@code clientId} (e.g. {@code countersign-approval-bot-view}). */
    public ViewConsumer(KafkaSettings kafka, String clientId, List<String> topics, RecordHandler handler) {
        this.topics = List.copyOf(topics);
        this.clientId = clientId;
        this.handler = handler;
        this.consumer = new KafkaConsumer<>(kafka.clientProperties(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.CLIENT_ID_CONFIG, clientId)), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, clientId);
        this.thread.setDaemon(true);
    }

    public ViewConsumer start() {
        thread.start();
        return this;
    }

    /** Whether the view has read everything that was in the topics when it started. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    /**
     * Whether the view was seen read to the end of every partition at or after {@code nanoTime}
     * ({@link System#nanoTime()}): then every record committed a fetch round before that instant is in it.
     * Lets the gateway tell "no such intent" from "not read here yet".
     */
    public boolean currentSince(long nanoTime) {
        return everCurrent && currentAt - nanoTime >= 0;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    apply(r);
                }
                if (caughtUp.getCount() > 0 && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    LOG.info("View {} caught up with {}", clientId, topics);
                    caughtUp.countDown();
                }
                markIfCurrent(partitions);
            }
        } catch (WakeupException e) {
            // close() was called
        } catch (RuntimeException e) {
            LOG.error("View {} stopped: {}; lookups on this instance will not advance until restart", clientId, e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void markIfCurrent(List<TopicPartition> partitions) {
        long now = System.nanoTime();
        // currentLag is computed from the last fetch response, without a call to the broker.
        if (caughtUp.getCount() == 0 && partitions.stream().allMatch(p -> consumer.currentLag(p).orElse(1) == 0)) {
            currentAt = now;
            everCurrent = true;
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        try {
            handler.apply(r);
        } catch (RuntimeException e) {
            LOG.warn("Skipping unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
