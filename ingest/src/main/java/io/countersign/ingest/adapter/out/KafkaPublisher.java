package io.countersign.ingest.adapter.out;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes the gateway's records (intents, refused intents, execution reports, lineage edges, declared labels, decisions) with an
 * idempotent producer and {@code acks=all}, and reports success only once Kafka has acknowledged them: the
 * gateway answers 2xx after {@link #publish} returns or {@link #publishAsync} completes, so an accepted
 * request is a written record.
 *
 * <p>Values are serialised before sending, so a registry failure and a broker failure are told apart
 * and both become {@link UnavailableException} (HTTP 503) with a message saying which.
 * The producer's own delivery timeout is the gateway's produce timeout, so a request that was answered
 * 503 is not quietly delivered much later.
 */
public final class KafkaPublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final SchemaRegistryClient registry;
    private final Duration timeout;
    private final Map<String, Serializer<SpecificRecord>> serializers = new ConcurrentHashMap<>();
    private final MeterRegistry metrics;
    private final Map<String, Timer> ackTimers = new ConcurrentHashMap<>();
    /** The write timer's name; Prometheus shows it as {@code countersign_ingest_kafka_acknowledgement_seconds}. */
    public static final String ACK_TIMER = "countersign.ingest.kafka.acknowledgement";

    /** Kafka or the registry cannot take the record now; the client may retry. */
    public static final class UnavailableException extends Exception {
        public UnavailableException(String message) {
            super(message, null, false, false);
        }
    }

    public KafkaPublisher(KafkaSettings kafka, Map<String, String> overrides, SchemaRegistryClient registry, Duration timeout) {
        this(kafka, overrides, registry, timeout, null);
    }

    /**
     * As above, timing each acknowledged write in {@code metrics} ({@value #ACK_TIMER}, by topic): from the record handed to
     * the producer to Kafka's acknowledgement, the part of a request's time that is the broker's and the producer's.
     */
    public KafkaPublisher(KafkaSettings kafka, Map<String, String> overrides, SchemaRegistryClient registry, Duration timeout,
                          MeterRegistry metrics) {
        Map<String, Object> own = new LinkedHashMap<>();
        int deliveryMs = (int) Math.max(2_000, timeout.toMillis());
        own.put(ProducerConfig.ACKS_CONFIG, "all");
        own.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        own.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        own.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(deliveryMs - 1));
        own.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(deliveryMs));
        own.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(deliveryMs));
        own.put(ProducerConfig.CLIENT_ID_CONFIG, "countersign-ingest");
        own.putAll(overrides);
        this.producer = new KafkaProducer<>(kafka.clientProperties(own), new StringSerializer(), new ByteArraySerializer());
        this.registry = registry;
        this.timeout = timeout;
        this.metrics = metrics;
    }

    /** Writes {@code value} (null: a tombstone) and waits for the acknowledgement. */
    public <V extends SpecificRecord> RecordMetadata publish(Topic<String, V> topic, String key, V value) throws UnavailableException {
        return await(publishAsync(topic, key, value));
    }

    /**
     * Writes {@code value} and completes once Kafka has acknowledged it, without holding the caller's thread
     * meanwhile; completes exceptionally with an {@link UnavailableException} when the registry or Kafka cannot
     * take it. The future completes on the producer's I/O thread: continue elsewhere ({@code ...Async}) for
     * anything but a few microseconds of work.
     */
    public <V extends SpecificRecord> CompletableFuture<RecordMetadata> publishAsync(Topic<String, V> topic, String key, V value) {
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        byte[] bytes;
        try {
            bytes = serialize(topic, value);
            Timer timer = ackTimer(topic.name());
            long handed = System.nanoTime();
            producer.send(new ProducerRecord<>(topic.name(), key, bytes), (metadata, failure) -> {
                if (failure == null) {
                    if (timer != null) {
                        timer.record(System.nanoTime() - handed, TimeUnit.NANOSECONDS);
                    }
                    acked.complete(metadata);
                } else {
                    acked.completeExceptionally(notAcknowledged(failure));
                }
            });
        } catch (UnavailableException e) {
            acked.completeExceptionally(e);
        } catch (RuntimeException e) {
            // send itself fails (buffer full past max.block.ms, producer closed): nothing was written.
            acked.completeExceptionally(notAcknowledged(e));
        }
        // The producer's delivery timeout answers first; this only guards against a callback that never comes.
        return acked.orTimeout(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(e instanceof TimeoutException ? notAcknowledged(e) : e));
    }

    private Timer ackTimer(String topic) {
        return metrics == null ? null : ackTimers.computeIfAbsent(topic, t -> Timer.builder(ACK_TIMER)
                .description("From a record handed to the producer to Kafka's acknowledgement (acks=all)").tag("topic", t).register(metrics));
    }

    /** The {@link UnavailableException} a failed {@link #publishAsync} completed with. */
    public static UnavailableException unavailable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof UnavailableException u ? u
                : new UnavailableException("The record was not written (" + cause.getClass().getSimpleName() + "). Retry with the same idempotency key.");
    }

    private static <T> T await(CompletableFuture<T> future) throws UnavailableException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw unavailable(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("The gateway is shutting down; retry on another instance.");
        }
    }

    @SuppressWarnings("unchecked")
    private <V extends SpecificRecord> byte[] serialize(Topic<?, V> topic, V value) throws UnavailableException {
        if (value == null) {
            return null;
        }
        try {
            Serializer<SpecificRecord> s = serializers.computeIfAbsent(topic.name(),
                    t -> (Serializer<SpecificRecord>) (Serializer<?>) topic.valueSerde(registry).serializer());
            return s.serialize(topic.name(), value);
        } catch (RuntimeException e) {
            throw new UnavailableException("The schema registry is unavailable (" + e.getClass().getSimpleName()
                    + "); nothing was written. Retry with the same idempotency key.");
        }
    }

    private UnavailableException notAcknowledged(Throwable cause) {
        return new UnavailableException("Kafka did not acknowledge the record within " + timeout.toMillis() + " ms ("
                + cause.getClass().getSimpleName() + "). Retry with the same idempotency key.");
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
