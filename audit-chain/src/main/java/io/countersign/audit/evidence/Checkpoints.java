package io.countersign.audit.evidence;

import io.countersign.schema.AuditCheckpoint;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A signed checkpoint in Avro's JSON encoding (one line), and back. */
final class Checkpoints {

    private Checkpoints() {
    }

    static String encode(AuditCheckpoint cp) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JsonEncoder encoder = EncoderFactory.get().jsonEncoder(AuditCheckpoint.getClassSchema(), out);
            new SpecificDatumWriter<>(AuditCheckpoint.class).write(cp, encoder);
            encoder.flush();
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a checkpoint", e);
        }
    }

    static AuditCheckpoint decode(String json) throws IOException {
        return new SpecificDatumReader<>(AuditCheckpoint.class).read(null,
                DecoderFactory.get().jsonDecoder(AuditCheckpoint.getClassSchema(), json));
    }
}
