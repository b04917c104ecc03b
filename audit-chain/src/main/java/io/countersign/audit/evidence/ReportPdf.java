package io.countersign.audit.evidence;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The evidence report as a PDF, for auditors who file documents rather than web pages: the same XHTML
 * {@link EvidenceReport} writes, laid out on A4 by openhtmltopdf (on Apache PDFBox). It uses the PDF
 * standard fonts, which cover Latin text; characters outside them show as placeholders in the PDF, while
 * {@code report.html} and the records keep them exactly.
 */
final class ReportPdf {

    private static final String PAGE = "<style>@page{size:A4 landscape;margin:12mm}body{font-size:9pt}</style></head>";

    static {
        // openhtmltopdf logs through java.util.logging to stderr ("Prepare to fly", each CSS note); a
        // failure reaches the caller as an exception instead, which says what to do.
        XRLog.setLoggingEnabled(false);
    }

    private ReportPdf() {
    }

    /** {@code xhtml} rendered to PDF bytes; an IOException when it cannot be (the caller leaves the PDF out). */
    static byte[] render(String xhtml) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.withHtmlContent(xhtml.replaceFirst("</head>", PAGE), null);
            builder.toStream(out);
            builder.run();
        } catch (RuntimeException e) {
            throw new IOException("the report cannot be laid out as PDF: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
