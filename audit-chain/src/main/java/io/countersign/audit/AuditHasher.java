package io.countersign.audit;

import io.countersign.schema.AuditRecord;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
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
    private static final SpecificData SPECIFIC = SpecificData.getForClass(AuditRecord.class);
    // Datum writers hold no per-write state, so one serves every thread.
    private static final DatumWriter<Object> SPECIFIC_WRITER = new GenericDatumWriter<>(AuditRecord.getClassSchema(), SPECIFIC);

    private AuditHasher() {
    }

    /** The hash {@code record} must carry, given its own fields (its {@code hash} field is ignored); {@code record} is not changed. */
    public static String hash(AuditRecord record) {
        return hash(record, AuditRecord.getClassSchema(), SpecificData.getForClass(AuditRecord.class));
    }

    /**
     * Sets {@code record}'s hash to the one it must carry, without copying it: for the chain, which owns the
     * record it links (freshly decoded or built). Its maps are replaced by key-ordered ones on the way, which
     * changes nothing a reader sees. Gives the same hash as {@link #hash(AuditRecord)}.
     */
    public static AuditRecord seal(AuditRecord record) {
        record.setHash("");
        Object canonical = canonicalise(AuditRecord.getClassSchema(), record, SPECIFIC);
        record.setHash(digest(String.valueOf(record.getPrevHash()), SPECIFIC_WRITER, canonical));
        return record;
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
        // holds, so both paths encode identical bytes. The copy leaves the caller's record as it was.
        GenericRecord copy = (GenericRecord) model.deepCopy(schema, record);
        copy.put("hash", "");
        Object canonical = canonicalise(schema, copy, model);
        DatumWriter<Object> writer = model == SPECIFIC && schema == AuditRecord.getClassSchema()
                ? SPECIFIC_WRITER : new GenericDatumWriter<>(schema, model);
        return digest(String.valueOf(record.get("prevHash")), writer, canonical);
    }

    /** SHA-256 over the previous hash and the datum's Avro binary encoding, streamed into the digest. */
    private static String digest(String prevHash, DatumWriter<Object> writer, Object datum) {
        MessageDigest sha = sha256();
        sha.update(prevHash.getBytes(StandardCharsets.UTF_8));
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(new DigestOutputStream(OutputStream.nullOutputStream(), sha), null);
        try {
            writer.write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode audit record canonically", e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Replaces every map, at any depth, with a key-ordered copy; returns {@code datum} itself where nothing changed. */
    @SuppressWarnings("unchecked")
    private static Object canonicalise(Schema schema, Object datum, GenericData model) {
        if (datum == null) {
            return null;
        }
        switch (schema.getType()) {
            case RECORD -> {
                GenericRecord r = (GenericRecord) datum;
                for (Schema.Field f : schema.getFields()) {
                    Object value = r.get(f.pos());
                    Object canonical = canonicalise(f.schema(), value, model);
                    if (canonical != value) {
                        r.put(f.pos(), canonical);
                    }
                }
                return r;
            }
            case MAP -> {
                Map<Object, Object> sorted = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
                ((Map<Object, Object>) datum).forEach((k, v) -> sorted.put(k.toString(), canonicalise(schema.getValueType(), v, model)));
                return sorted;
            }
            case ARRAY -> {
                // A new list only when an element changed: a record built in-process may hold an immutable one.
                List<Object> list = (List<Object>) datum;
                List<Object> changed = null;
                for (int i = 0; i < list.size(); i++) {
                    Object item = list.get(i);
                    Object canonical = canonicalise(schema.getElementType(), item, model);
                    if (canonical != item && changed == null) {
                        changed = new ArrayList<>(list);
                    }
                    if (changed != null) {
                        changed.set(i, canonical);
                    }
                }
                return changed == null ? list : changed;
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
