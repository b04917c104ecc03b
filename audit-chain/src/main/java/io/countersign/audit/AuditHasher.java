package io.countersign.audit;

import io.countersign.schema.AuditRecord;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes the hash that links audit records into a chain:
 * {@code hash = SHA-256(prevHash as UTF-8 hex || canonical bytes)}, where the canonical bytes are the
 * Avro binary encoding of the record, under the schema it was written with, with {@code hash} set to the
 * empty string and every map's entries in key order.
 *
 * <p>Why these choices: Avro binary is already the stored form, so no second serialisation format can
 * drift from it; maps are sorted because Avro writes map entries in iteration order, which a decoded
 * HashMap does not preserve; and the writer's schema (not the reader's) is used so that a later, compatible
 * schema change cannot make old records appear tampered with.
 */
public final class AuditHasher {

    /** The previous hash of the first record of every chain. */
    public static final String GENESIS = "0".repeat(64);

    private AuditHasher() {
    }

    /** The hash {@code record} must carry, given its own fields (its {@code hash} field is ignored). */
    public static String hash(AuditRecord record) {
        return hash(record, AuditRecord.getClassSchema(), SpecificData.getForClass(AuditRecord.class));
    }

    /**
     * The same, for a record decoded with its writer's schema as a generic record (as {@code audit verify}
     * reads records written by any version of Countersign).
     */
    public static String hash(GenericRecord record, Schema writerSchema) {
        // A specific record holds logical types as Java objects (Instant), which only its own model encodes.
        GenericData model = record instanceof SpecificRecord
                ? SpecificData.getForClass(record.getClass()) : GenericData.get();
        return hash(record, writerSchema, model);
    }

    private static String hash(GenericRecord record, Schema schema, GenericData model) {
        // The specific model converts timestamp fields (Instant) to the same longs the generic model
        // holds, so both paths encode identical bytes.
        GenericRecord copy = (GenericRecord) model.deepCopy(schema, record);
        copy.put("hash", "");
        Object canonical = canonicalise(schema, copy, model);
        String prev = String.valueOf(record.get("prevHash"));
        MessageDigest sha = sha256();
        sha.update(prev.getBytes(StandardCharsets.UTF_8));
        sha.update(encode(schema, canonical, model));
        return HexFormat.of().formatHex(sha.digest());
    }

    private static byte[] encode(Schema schema, Object datum, GenericData model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<Object>(schema, model).write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode audit record canonically", e);
        }
        return out.toByteArray();
    }

    /** Replaces every map, at any depth, with a key-ordered copy. */
    @SuppressWarnings("unchecked")
    private static Object canonicalise(Schema schema, Object datum, GenericData model) {
        if (datum == null) {
            return null;
        }
        switch (schema.getType()) {
            case RECORD -> {
                GenericRecord r = (GenericRecord) datum;
                for (Schema.Field f : schema.getFields()) {
                    r.put(f.pos(), canonicalise(f.schema(), r.get(f.pos()), model));
                }
                return r;
            }
            case MAP -> {
                Map<Object, Object> sorted = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
                ((Map<Object, Object>) datum).forEach((k, v) -> sorted.put(k.toString(), canonicalise(schema.getValueType(), v, model)));
                return sorted;
            }
            case ARRAY -> {
                List<Object> list = (List<Object>) datum;
                list.replaceAll(item -> canonicalise(schema.getElementType(), item, model));
                return list;
            }
            case UNION -> {
                int branch = model.resolveUnion(schema, datum);
                return canonicalise(schema.getTypes().get(branch), datum, model);
            }
            default -> {
                return datum;
            }
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
