package io.countersign.contracts.registry;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A binary decoder for one record held in memory that refuses lengths and counts the record cannot
 * contain. Avro allocates a string, bytes or array of the size its length prefix claims before reading
 * it, so five hostile bytes claiming a gigabyte would otherwise make every consumer allocate a
 * gigabyte: here any length or item count larger than the record itself is corrupt by definition and
 * fails at once, keeping each allocation within the record's own size.
 */
final class BoundedDecoder extends Decoder {

    private final BinaryDecoder in;
    private final long limit;

    BoundedDecoder(BinaryDecoder in, int recordLength) {
        this.in = in;
        this.limit = recordLength;
    }

    private long check(long n, String what) throws IOException {
        if (n < 0 || n > limit) {
            throw new EOFException(what + " of " + n + " in a record of " + limit + " bytes");
        }
        return n;
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = (int) check(in.readLong(), "a string length");
        Utf8 out = old != null ? old : new Utf8();
        out.setByteLength(length);
        in.readFixed(out.getBytes(), 0, length);
        return out;
    }

    @Override
    public String readString() throws IOException {
        return readString(null).toString();
    }

    @Override
    public void skipString() throws IOException {
        in.skipFixed((int) check(in.readLong(), "a string length"));
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = (int) check(in.readLong(), "a bytes length");
        byte[] bytes = new byte[length];
        in.readFixed(bytes, 0, length);
        return ByteBuffer.wrap(bytes);
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipFixed((int) check(in.readLong(), "a bytes length"));
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return check(Math.abs(in.readArrayStart()), "an array block");
    }

    @Override
    public long arrayNext() throws IOException {
        return check(Math.abs(in.arrayNext()), "an array block");
    }

    @Override
    public long skipArray() throws IOException {
        return in.skipArray();
    }

    @Override
    public long readMapStart() throws IOException {
        return check(Math.abs(in.readMapStart()), "a map block");
    }

    @Override
    public long mapNext() throws IOException {
        return check(Math.abs(in.mapNext()), "a map block");
    }

    @Override
    public long skipMap() throws IOException {
        return in.skipMap();
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }
}
