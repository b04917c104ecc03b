package io.countersign.processors.adapter.out;

import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.masking.Masker;
import io.countersign.schema.DeadLetter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Builds dead-letter records for Kafka Streams' exception handlers: the original key and value bytes,
 * where they came from, at which stage they failed and why. Streams writes them in the same transaction
 * as the rest of the task's output, so a record is either processed or dead-lettered, never lost.
 *
 * <p>A record from a topic that agents write ({@code countersign.intents}, {@code countersign.executions})
 * may carry unmasked secrets in its parameters, reason or detail, and a dead letter must not copy them
 * anywhere else: its dead letter keeps the coordinates, the key and the (masked) reason but no value.
 * Operators re-read the original at {@code sourceTopic}/{@code sourcePartition}/{@code sourceOffset}
 * while the topic retains it (30 days), with the access the pipeline's ACLs give them.
 *
 * <p>Writes {@code countersign.dead-letters}.
 */
public final class DeadLetters {

    /** Config key under which the Streams properties carry the registry client for the handlers. */
    public static final String REGISTRY_CLIENT_CONFIG = "countersign.registry.client";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_REASON = 2_000;
    /** Topics whose values are what an agent wrote, raw: their dead letters carry no value. */
    private static final Set<String> RAW_AGENT_TOPICS = Set.of(Topics.INTENTS.name(), Topics.EXECUTIONS.name());

    private final Serializer<DeadLetter> serializer;
    private final String application;

    public DeadLetters(SchemaRegistryClient registry, String application) {
        this.serializer = Topics.DEAD_LETTERS.valueSerde(registry).serializer();
        this.application = application;
    }

    /** Reads the registry client and application id from the handler's configuration. */
    public static DeadLetters fromConfig(Map<String, ?> configs) {
        Object client = configs.get(REGISTRY_CLIENT_CONFIG);
        if (!(client instanceof SchemaRegistryClient registry)) {
            throw new IllegalStateException(REGISTRY_CLIENT_CONFIG + " must hold the SchemaRegistryClient for dead letters");
        }
        Object app = configs.get("application.id");
        return new DeadLetters(registry, app == null ? "countersign" : app.toString());
    }

    /** One dead-letter record; logs the coordinates (never the payload). */
    public ProducerRecord<byte[], byte[]> record(String topic, int partition, long offset, String stage,
                                                  byte[] key, byte[] value, Exception cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : Masker.maskText(cause.getMessage());
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON) + "…";
        }
        LOG.warn("Dead-lettering record {}-{}@{} at stage {}: {}", topic, partition, offset, stage, cause.getClass().getSimpleName());
        DeadLetter letter = DeadLetter.newBuilder()
                .setSourceTopic(topic == null ? "unknown" : topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setStage(stage)
                .setApplication(application)
                .setReason(reason)
                .setExceptionClass(cause.getClass().getName())
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null || RAW_AGENT_TOPICS.contains(topic) ? null : ByteBuffer.wrap(value))
                .setFailedAt(Instant.now())
                .build();
        return new ProducerRecord<>(Topics.DEAD_LETTERS.name(), key, serializer.serialize(Topics.DEAD_LETTERS.name(), letter));
    }
}
