package io.countersign.bench.gate;

import io.countersign.contracts.registry.ConfluentWireFormat;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The Confluent wire format written the way Avro's documentation shows: a fresh {@code ByteArrayOutputStream}
 * and a direct binary encoder per record. Countersign's serializer did exactly this until it reused a
 * per-thread buffer; {@link GateStepsBenchmark} keeps it as the baseline the reuse is measured against.
 */
final class AvroDefaultEncoding<T extends SpecificRecord> {

    private final SpecificDatumWriter<T> writer;
    private final byte[] header;

    AvroDefaultEncoding(Class<T> type, int schemaId) {
        SpecificData model = SpecificData.getForClass(type);
        this.writer = new SpecificDatumWriter<>(model.getSchema(type), model);
        this.header = ConfluentWireFormat.header(schemaId);
    }

    byte[] encode(T record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(header);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
