package io.countersign.lineage.adapter.out;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.lineage.domain.IndexOp;
import io.countersign.lineage.domain.Origin;
import io.countersign.schema.DeadLetter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Writes what the index refused or could not read to {@code countersign.dead-letters}, with the
 * reason and the {@link Origin} (a record's coordinates, or the operator that derived the write), and
 * waits for Kafka's acknowledgement: a dead letter is how an index failure is kept, never silently dropped.
 */
final class DeadLetterWriter implements AutoCloseable {

    private final KafkaProducer<byte[], DeadLetter> producer;

    DeadLetterWriter(String bootstrap, String registryUrl) {
        this.producer = new KafkaProducer<>(new KafkaSettings(bootstrap, Map.of()).clientProperties(Map.of(
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.CLIENT_ID_CONFIG, "countersign-lineage-index-dlq")),
                new ByteArraySerializer(), Topics.DEAD_LETTERS.valueSerde(new HttpSchemaRegistryClient(registryUrl)).serializer());
    }

    void write(IndexOp op, String stage, String reason) throws InterruptedException {
        DeadLetter letter = letter(op, stage, reason, Instant.now());
        try {
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), op.id == null ? null : op.id.getBytes(StandardCharsets.UTF_8), letter)).get();
        } catch (ExecutionException e) {
            // Not acknowledged: fail the checkpoint, so the record is replayed rather than lost.
            throw new IllegalStateException("dead letter not written: " + e.getCause(), e);
        }
    }

    /** The dead letter of {@code op}: its origin, the stage and reason, and the id and document it would have written. */
    static DeadLetter letter(IndexOp op, String stage, String reason, Instant at) {
        Origin origin = op.origin == null ? Origin.derived("unknown") : op.origin;
        return DeadLetter.newBuilder()
                .setSourceTopic(origin.name).setSourcePartition(origin.partition).setSourceOffset(origin.offset)
                .setStage(stage).setApplication("lineage-index").setReason(reason)
                .setKey(op.id == null ? null : ByteBuffer.wrap(op.id.getBytes(StandardCharsets.UTF_8)))
                .setValue(op.json == null ? null : ByteBuffer.wrap(op.json.getBytes(StandardCharsets.UTF_8)))
                .setFailedAt(at).build();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
