package io.countersign.approvals.adapter.out;

import io.countersign.approvals.application.port.out.DecisionPublisher;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.schema.ApprovalDecision;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes decisions to {@code countersign.approval-decisions}, keyed by request id, with an idempotent
 * producer and {@code acks=all}, waiting for the acknowledgement. Used by the approval channels that have
 * no producer of their own (the Slack bot); the value is serialised first so a registry failure and a
 * broker failure are told apart in the message.
 */
public final class KafkaDecisionPublisher implements DecisionPublisher, AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<ApprovalDecision> serializer;
    private final Duration timeout;

    /** Reports to Kafka as {@code clientId} (e.g. {@code countersign-approval-bot}). */
    public KafkaDecisionPublisher(KafkaSettings kafka, SchemaRegistryClient registry, String clientId, Duration timeout) {
        int deliveryMs = (int) Math.max(2_000, timeout.toMillis());
        this.producer = new KafkaProducer<>(kafka.clientProperties(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "1",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(deliveryMs - 1),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(deliveryMs),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(deliveryMs),
                ProducerConfig.CLIENT_ID_CONFIG, clientId)), new StringSerializer(), new ByteArraySerializer());
        this.serializer = Topics.APPROVAL_DECISIONS.valueSerde(registry).serializer();
        this.timeout = timeout;
    }

    @Override
    public void publish(ApprovalDecision decision) throws UnavailableException {
        String topic = Topics.APPROVAL_DECISIONS.name();
        byte[] bytes;
        try {
            bytes = serializer.serialize(topic, decision);
        } catch (RuntimeException e) {
            throw new UnavailableException("the schema registry is unavailable (" + e.getClass().getSimpleName() + "); nothing was written");
        }
        try {
            producer.send(new ProducerRecord<>(topic, decision.getRequestId(), bytes)).get(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new UnavailableException("Kafka did not acknowledge the decision within " + timeout.toMillis() + " ms ("
                    + cause.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("shutting down");
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
