package io.countersign.bench.gate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The like-for-like baseline: consume ({@code read_committed}) and produce the same bytes in a
 * transaction that also commits the consumed offsets, every {@code commitInterval}, as Kafka Streams
 * does under {@code exactly_once_v2}, with no logic. What an exactly-once hop costs on this broker and
 * machine; the gate's latency over this is Countersign's own.
 */
final class TransactionalPassthrough implements Runnable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String to;
    private final long commitIntervalNanos;
    private final AtomicBoolean running = new AtomicBoolean(true);

    /** The producer must carry a {@code transactional.id}; the consumer must not auto-commit. */
    TransactionalPassthrough(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer, String from, String to,
                             Duration commitInterval) {
        this.consumer = consumer;
        this.producer = producer;
        this.to = to;
        this.commitIntervalNanos = commitInterval.toNanos();
        consumer.subscribe(List.of(from));
        producer.initTransactions();
    }

    @Override
    public void run() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        long opened = 0;
        try {
            while (running.get()) {
                long untilCommit = offsets.isEmpty() ? commitIntervalNanos : opened + commitIntervalNanos - System.nanoTime();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofNanos(Math.max(0, untilCommit)));
                if (!records.isEmpty() && offsets.isEmpty()) {
                    producer.beginTransaction();
                    opened = System.nanoTime();
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    producer.send(new ProducerRecord<>(to, null, r.key(), r.value(), r.headers()));
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                if (!offsets.isEmpty() && System.nanoTime() - opened >= commitIntervalNanos) {
                    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                    producer.commitTransaction();
                    offsets.clear();
                }
            }
        } finally {
            consumer.close();
            producer.close();
        }
    }

    void stop() {
        running.set(false);
    }
}
