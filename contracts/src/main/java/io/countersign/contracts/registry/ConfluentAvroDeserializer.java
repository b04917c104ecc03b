package io.countersign.contracts.registry;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads Confluent-framed Avro into specific records, resolving the writer's schema (by id from the
 * registry) against the class's schema, so records written with an older or newer compatible schema
 * still decode (fields added with defaults get their defaults).
 */
public final class ConfluentAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final SchemaRegistryClient registry;
    private final Schema readerSchema;
    private final SpecificData model;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

    public ConfluentAvroDeserializer(SchemaRegistryClient registry, Class<T> type) {
        this.registry = registry;
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int id = ConfluentWireFormat.schemaId(topic, data);
        SpecificDatumReader<T> reader = readers.computeIfAbsent(id, k -> {
            try {
                return new SpecificDatumReader<>(registry.getById(k), readerSchema, model);
            } catch (SchemaRegistryException e) {
                throw new SerializationException("Record on " + topic + " names schema id " + k
                        + ", which the registry cannot provide: " + e.getMessage(), e);
            }
        });
        try {
            return reader.read(null, ConfluentWireFormat.body(data));
        } catch (Exception e) {
            throw new SerializationException("Record on " + topic + " with schema id " + id + " is not valid Avro for "
                    + readerSchema.getName() + " (truncated or corrupt): " + e.getClass().getSimpleName(), e);
        }
    }
}
