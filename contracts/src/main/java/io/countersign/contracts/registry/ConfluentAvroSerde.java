package io.countersign.contracts.registry;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A Kafka {@link Serde} for Avro specific records in the Confluent wire format, bound to one registry. */
public final class ConfluentAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final ConfluentAvroSerializer<T> serializer;
    private final ConfluentAvroDeserializer<T> deserializer;

    public ConfluentAvroSerde(SchemaRegistryClient registry, Class<T> type) {
        this(registry, type, true);
    }

    /** @param autoRegister false to only look schemas up (production producers after {@code countersign init}) */
    public ConfluentAvroSerde(SchemaRegistryClient registry, Class<T> type, boolean autoRegister) {
        this.serializer = new ConfluentAvroSerializer<>(registry, type, autoRegister, false);
        this.deserializer = new ConfluentAvroDeserializer<>(registry, type);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
