package io.countersign.contracts.registry;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serializes Avro specific records in the Confluent wire format, registering (or, with auto-register
 * off, looking up) the class's schema under the TopicNameStrategy subject {@code <topic>-value}.
 */
public final class ConfluentAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final SchemaRegistryClient registry;
    private final Schema schema;
    private final SpecificDatumWriter<T> writer;
    private final boolean autoRegister;
    private static final Logger LOG = LoggerFactory.getLogger(ConfluentAvroSerializer.class);
    private final boolean isKey;
    // Schema ids never change once assigned: resolve each subject's id once, not per record (a registry
    // round trip per record would cap a producer at a few hundred records per second).
    private final Map<String, Integer> idBySubject = new ConcurrentHashMap<>();

    public ConfluentAvroSerializer(SchemaRegistryClient registry, Class<T> type, boolean autoRegister, boolean isKey) {
        this.registry = registry;
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.writer = new SpecificDatumWriter<>(schema, model);
        this.autoRegister = autoRegister;
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        String subject = topic + (isKey ? "-key" : "-value");
        Integer id = idBySubject.get(subject);
        if (id == null) {
            id = resolveId(subject);
            idBySubject.put(subject, id);
        }
        EncodeBuffer out = EncodeBuffer.acquire();
        out.write(ConfluentWireFormat.MAGIC_BYTE);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        try {
            BinaryEncoder encoder = out.encoder();
            writer.write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            out.discard();
            throw new SerializationException("Cannot encode " + schema.getName() + " for " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private int resolveId(String subject) {
        try {
            return autoRegister ? registry.register(subject, schema)
                    : registry.lookup(subject, schema).orElseThrow(() -> new SerializationException(
                    "Schema " + schema.getFullName() + " is not registered under " + subject + " and auto-registration is off; run countersign init"))
                    .id();
        } catch (SchemaRegistryException e) {
            // Unreachable (or failing) registry: a schema this process already knows by id needs no
            // round trip — ids are global, so a changelog or repartition subject can use the topic's id.
            // A refusal (409 incompatible, 422 invalid) is never papered over.
            boolean unavailable = e.httpStatus() < 0 || e.httpStatus() >= 500;
            Optional<Integer> known = unavailable ? registry.knownId(schema) : Optional.empty();
            if (known.isPresent()) {
                LOG.warn("Schema registry unavailable; writing {} with schema id {} already known for {}", subject, known.get(), schema.getFullName());
                return known.get();
            }
            throw new SerializationException("Cannot register schema for " + subject + ": " + e.getMessage(), e);
        }
    }
}
