package io.countersign.bench.gate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The baseline: consume from one topic and produce the same bytes (and headers) to another, with no
 * logic at all — what any Kafka consume→produce hop costs on this broker and machine.
 */
final class Passthrough implements Runnable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String to;
    private final AtomicBoolean running = new AtomicBoolean(true);

    Passthrough(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer, String from, String to) {
        this.consumer = consumer;
        this.producer = producer;
        this.to = to;
        consumer.subscribe(List.of(from));
    }

    @Override
    public void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    producer.send(new ProducerRecord<>(to, null, r.key(), r.value(), r.headers()));
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
