package io.countersign.config;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The {@code kafka:} section shared by every service: where the brokers are, plus any Kafka client
 * property passed through untouched (security, TLS, SASL, tuning), so Countersign never needs a new
 * release to support a client setting.
 *
 * <pre>
 * kafka:
 *   bootstrapServers: ${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}
 *   properties:
 *     security.protocol: SASL_SSL
 * </pre>
 */
public record KafkaSettings(
        @JsonProperty("bootstrapServers") String bootstrapServers,
        @JsonProperty("properties") Map<String, String> properties) {

    public static final KafkaSettings DEFAULTS = new KafkaSettings("127.0.0.1:9092", Map.of());

    public KafkaSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new ConfigException("kafka.bootstrapServers must name at least one broker, e.g. 127.0.0.1:9092");
        }
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** A copy pointing at other brokers, keeping the pass-through properties. */
    public KafkaSettings withBootstrapServers(String servers) {
        return new KafkaSettings(servers, properties);
    }

    /**
     * Client properties: the pass-through ones, then the bootstrap address, then the caller's own
     * (e.g. a service's group id), which win because the service knows what it needs.
     */
    public Properties clientProperties(Map<String, ?> serviceOwn) {
        Map<String, Object> merged = new LinkedHashMap<>(properties);
        merged.put("bootstrap.servers", bootstrapServers);
        merged.putAll(Objects.requireNonNullElse(serviceOwn, Map.of()));
        Properties props = new Properties();
        props.putAll(merged);
        return props;
    }
}
