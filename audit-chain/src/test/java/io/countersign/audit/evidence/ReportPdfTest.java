package io.countersign.audit.evidence;

import io.countersign.audit.AuditLogRecord;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evidence report as PDF: the XHTML report with hostile agent text in it (markup, control characters
 * that XML cannot carry, an XML terminator) still lays out, and the PDF's text says what the HTML says.
 */
class ReportPdfTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    private static AuditLogRecord record(String intent, AuditEventType type, String actor, String note, long sequence) throws IOException {
        AuditRecord r = AuditRecord.newBuilder().setIntentId(intent).setEventType(type).setOccurredAt(AT.plusSeconds(sequence))
                .setActor(actor).setNote(note).setEvent(null).setChainPartition(0).setSequence(sequence)
                .setPrevHash("0".repeat(64)).setHash("a".repeat(64)).build();
        // As the log reader hands records over: generic, decoded with the writer schema, timestamps as longs.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<AuditRecord>(AuditRecord.getClassSchema()).write(r, encoder);
        encoder.flush();
        GenericRecord generic = new GenericDatumReader<GenericRecord>(AuditRecord.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        return new AuditLogRecord(sequence, generic, AuditRecord.getClassSchema(), null);
    }

    @Test
    void theReportWithHostileTextBecomesAPdfThatSaysTheSame() throws Exception {
        String hostile = "<script>alert(1)</script>\u0001\u001b[31m ]]> & 'x'";
        String html = EvidenceReport.html(AT, AT.plusSeconds(3600), List.of(
                record("intent-refused-1", AuditEventType.DECISION_REJECTED, "user:alice@example.com", "IN_DELEGATION_CHAIN: " + hostile, 1),
                record("intent-violated-2", AuditEventType.VIOLATION, "countersign", "executed unapproved " + hostile, 2)));
        assertThat(html).doesNotContain("<script>", "\u0001", "\u001b").contains("&lt;script&gt;");

        byte[] pdf = ReportPdf.render(html);
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("Countersign audit evidence", "intent-refused-1", "intent-violated-2", "<script>alert(1)</script>",
                    "Decisions refused");
        }
    }
}
