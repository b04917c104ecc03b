package io.countersign.contracts.registry;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A per-thread scratch space for encoding one record: a growable byte array and a buffered Avro encoder
 * over it, both reused from record to record.
 *
 * <p>Why: the gate's profile showed a fresh {@code ByteArrayOutputStream} per record outgrowing its initial
 * size on every audit record and Avro's direct encoder pushing every byte through that stream's
 * synchronized {@code write}. A thread's buffer keeps the size of its largest record, so after the first few
 * records nothing grows; a buffer that grew past {@link #RETAIN_LIMIT} for one huge record is dropped
 * rather than kept for the thread's lifetime.
 */
final class EncodeBuffer extends OutputStream {

    /** The largest buffer a thread keeps between records. */
    static final int RETAIN_LIMIT = 1 << 20;
    private static final ThreadLocal<EncodeBuffer> PER_THREAD = ThreadLocal.withInitial(EncodeBuffer::new);

    private byte[] bytes = new byte[1024];
    private int count;
    private BinaryEncoder encoder;

    private EncodeBuffer() {
    }

    /** This thread's buffer, emptied; {@link #encoder()} writes into it. Not re-entrant within one thread. */
    static EncodeBuffer acquire() {
        EncodeBuffer buffer = PER_THREAD.get();
        buffer.count = 0;
        return buffer;
    }

    /** The buffered encoder over this buffer; flush it before {@link #toByteArray()}. */
    BinaryEncoder encoder() {
        encoder = EncoderFactory.get().binaryEncoder(this, encoder);
        return encoder;
    }

    /** A copy of what was written, and the buffer released for the next record. */
    byte[] toByteArray() {
        byte[] copy = Arrays.copyOf(bytes, count);
        if (bytes.length > RETAIN_LIMIT) {
            bytes = new byte[1024];
        }
        count = 0;
        return copy;
    }

    /**
     * Forgets a record whose encoding failed half-way: the encoder's own buffer may still hold part of it, and
     * Avro flushes that into the stream when the encoder is reused, so the encoder goes too.
     */
    void discard() {
        encoder = null;
        count = 0;
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, count, len);
        count += len;
    }

    private void ensure(int more) {
        if (count + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
        }
    }
}
