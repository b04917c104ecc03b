package io.countersign.contracts.registry;

import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro
 * binary encoding. Every Confluent-compatible producer and consumer frames records this way.
 */
public final class ConfluentWireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private ConfluentWireFormat() {
    }

    /** The 5-byte header for {@code schemaId}. */
    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /**
     * The schema id of a framed record.
     *
     * @throws SerializationException when the bytes are not in the Confluent framing
     */
    public static int schemaId(String topic, byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("Record on " + topic + " has " + data.length
                    + " bytes, fewer than the 5-byte Confluent header: it was not written by a Confluent-format Avro serializer");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException("Record on " + topic + " starts with byte " + (data[0] & 0xff)
                    + ", not the Confluent magic byte 0: it was not written in the Confluent wire format (magic byte, schema id, Avro)");
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }

    /**
     * A decoder for the Avro body of a framed record (after the header), which refuses lengths and
     * counts larger than the record itself ({@link BoundedDecoder}): hostile bytes cannot make the
     * reader allocate more than the record's size.
     */
    public static Decoder body(byte[] data) {
        return new BoundedDecoder(DecoderFactory.get().binaryDecoder(data, HEADER_SIZE, data.length - HEADER_SIZE, null), data.length);
    }
}
