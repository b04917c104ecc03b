package io.countersign.audit.evidence;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static io.countersign.audit.evidence.AuditRecordBuilder.refused;
import static io.countersign.audit.evidence.AuditRecordBuilder.violation;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evidence report as PDF: the XHTML report with hostile agent text in it (markup, control characters
 * that XML cannot carry, an XML terminator) still lays out, and the PDF's text says what the HTML says.
 */
class ReportPdfTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void theReportWithHostileTextBecomesAPdfThatSaysTheSame() throws Exception {
        String hostile = "<script>alert(1)</script>\u0001\u001b[31m ]]> & 'x'";
        String html = EvidenceReport.html(AT, AT.plusSeconds(3600), List.of(
                refused("intent-refused-1", AT.plusSeconds(1), "user:alice@example.com", "IN_DELEGATION_CHAIN", hostile).build(),
                violation("intent-violated-2", AT.plusSeconds(2), "executed unapproved " + hostile).build()));
        assertThat(html).doesNotContain("<script>", "\u0001", "\u001b").contains("&lt;script&gt;");

        byte[] pdf = ReportPdf.render(html);
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("Countersign audit evidence", "intent-refused-1", "intent-violated-2", "<script>alert(1)</script>",
                    "Self-approval attempts refused");
        }
    }
}
