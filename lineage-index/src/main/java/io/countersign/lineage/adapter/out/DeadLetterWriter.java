package io.countersign.lineage.adapter.out;

import io.countersign.config.KafkaSettings;
import io.countersign.lineage.domain.IndexOp;
import io.countersign.schema.DeadLetter;
import io.countersign.schemas.registry.HttpSchemaRegistryClient;
import io.countersign.schemas.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Writes what the index refused or could not read to {@code countersign.dead-letters}, with the
 * reason and the source coordinates, and waits for Kafka's acknowledgement: a dead letter is how an
 * index failure is kept, never silently dropped.
 */
final class DeadLetterWriter implements AutoCloseable {

    private final KafkaProducer<byte[], DeadLetter> producer;

    DeadLetterWriter(String bootstrap, String registryUrl) {
        this.producer = new KafkaProducer<>(new KafkaSettings(bootstrap, Map.of()).clientProperties(Map.of(
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.CLIENT_ID_CONFIG, "countersign-lineage-index-dlq")),
                new ByteArraySerializer(), Topics.DEAD_LETTERS.valueSerde(new HttpSchemaRegistryClient(registryUrl)).serializer());
    }

    void write(IndexOp op, String stage, String reason) throws InterruptedException {
        String[] src = op.source == null ? new String[0] : op.source.split("\\|");
        DeadLetter letter = DeadLetter.newBuilder()
                .setSourceTopic(src.length > 0 ? src[0] : "unknown")
                .setSourcePartition(src.length > 1 ? Integer.parseInt(src[1]) : -1)
                .setSourceOffset(src.length > 2 ? Long.parseLong(src[2]) : -1)
                .setStage(stage).setApplication("lineage-index").setReason(reason)
                .setKey(op.id == null ? null : java.nio.ByteBuffer.wrap(op.id.getBytes(StandardCharsets.UTF_8)))
                .setValue(op.json == null ? null : java.nio.ByteBuffer.wrap(op.json.getBytes(StandardCharsets.UTF_8)))
                .setFailedAt(Instant.now()).build();
        try {
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), op.id == null ? null : op.id.getBytes(StandardCharsets.UTF_8), letter)).get();
        } catch (ExecutionException e) {
            // Not acknowledged: fail the checkpoint, so the record is replayed rather than lost.
            throw new IllegalStateException("dead letter not written: " + e.getCause(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
