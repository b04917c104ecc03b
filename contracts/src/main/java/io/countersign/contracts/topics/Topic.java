package io.countersign.contracts.topics;

import io.countersign.contracts.registry.ConfluentAvroSerde;
import io.countersign.contracts.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One Kafka topic of Countersign: its name, key serde, Avro value type, and how it is laid out.
 *
 * <p>The value serde needs a registry to resolve schema ids, so the topic carries the value type and
 * builds a Confluent-framed Avro serde for a given {@link SchemaRegistryClient}; every producer and
 * consumer of a topic thus agrees on the subject ({@code <name>-value}) and the schema.
 *
 * @param <K> key type
 * @param <V> Avro value type
 */
public record Topic<K, V extends SpecificRecord>(
        String name,
        Serde<K> keySerde,
        Class<V> valueType,
        int partitions,
        Cleanup cleanup,
        Duration retention,
        String description) {

    /** Kafka's own legal topic name characters, stricter on length to leave room for suffixes. */
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

    /** How Kafka keeps a topic's records. */
    public enum Cleanup {
        /** Time-based retention: an event stream. */
        DELETE,
        /** Latest value per key: a table (labels, lineage, verdicts). */
        COMPACT
    }

    public Topic {
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(cleanup, "cleanup");
        if (name == null || !LEGAL.matcher(name).matches()) {
            throw new IllegalArgumentException("Illegal topic name: " + name);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException(name + ": partitions must be >= 1");
        }
    }

    /** The registry subject of the value schema (TopicNameStrategy). */
    public String valueSubject() {
        return name + "-value";
    }

    /** The Avro schema of the value, as the generated class carries it. */
    public Schema valueSchema() {
        return SpecificData.get().getSchema(valueType);
    }

    /** A serde for this topic's values that frames Avro with the registry's schema ids. */
    public Serde<V> valueSerde(SchemaRegistryClient registry) {
        return new ConfluentAvroSerde<>(registry, valueType);
    }

    /** A topic definition for the admin client; {@code replicationFactor} comes from the deployment. */
    public NewTopic newTopic(short replicationFactor) {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG,
                cleanup == Cleanup.COMPACT ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
        if (retention != null) {
            configs.put(TopicConfig.RETENTION_MS_CONFIG,
                    retention.isNegative() ? "-1" : Long.toString(retention.toMillis()));
        }
        return new NewTopic(name, partitions, replicationFactor).configs(configs);
    }

    /** The same, with the deployment's {@code min.insync.replicas} as a topic setting. */
    public NewTopic newTopic(Replication replication) {
        NewTopic topic = newTopic(replication.factor());
        Map<String, String> configs = new LinkedHashMap<>(topic.configs());
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(replication.minInsyncReplicas()));
        return topic.configs(configs);
    }
}
