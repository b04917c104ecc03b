package io.countersign.audit.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.audit.AuditLogRecord;
import io.countersign.contracts.signing.Ed25519Keys;
import io.countersign.schema.AuditCheckpoint;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an audit evidence bundle: a zip holding, per partition, the records of a {@link ChainSlice} in Avro's
 * JSON encoding ({@code records/partition-N.ndjson}) with the schemas they were written with
 * ({@code schemas/<fingerprint>.avsc}), the signed checkpoints that bracket them ({@code checkpoints.ndjson}), the
 * public keys that signed those ({@code keys/<keyId>.pub.pem}), the human-readable report ({@code report.html},
 * and the same as {@code report.pdf} unless it could not be laid out, which the manifest then says), and {@code manifest.json}: the period, each slice's bounds, and the SHA-256 of every other file.
 * {@link EvidenceVerifier} checks the whole with nothing but the bundle.
 */
public final class EvidenceWriter {

    static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(EvidenceWriter.class);

    private EvidenceWriter() {
    }

    public static void write(Instant from, Instant to, List<ChainSlice> slices, Map<String, PublicKey> keys, String reportHtml,
                             OutputStream out) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, Schema> schemas = new LinkedHashMap<>();
        StringBuilder checkpoints = new StringBuilder();
        ArrayNode sliceList = JSON.createArrayNode();
        for (ChainSlice s : slices) {
            StringBuilder lines = new StringBuilder();
            for (AuditLogRecord r : s.records()) {
                String fingerprint = fingerprint(r.writerSchema());
                schemas.putIfAbsent(fingerprint, r.writerSchema());
                lines.append("{\"offset\":").append(r.offset()).append(",\"schema\":\"").append(fingerprint).append("\",\"record\":")
                        .append(AvroJson.encode(r.record(), r.writerSchema())).append("}\n");
            }
            files.put("records/partition-" + s.partition() + ".ndjson", lines.toString().getBytes(StandardCharsets.UTF_8));
            ObjectNode slice = sliceList.addObject().put("partition", s.partition()).put("records", s.records().size());
            for (AuditCheckpoint cp : new AuditCheckpoint[] {s.start(), s.end()}) {
                if (cp != null) {
                    checkpoints.append(Checkpoints.encode(cp)).append('\n');
                }
            }
            slice.put("startSequence", s.start() == null ? -1 : s.start().getLastSequence());
            slice.put("endSequence", s.end() == null ? -1 : s.end().getLastSequence());
        }
        schemas.forEach((f, schema) -> files.put("schemas/" + f + ".avsc", schema.toString(true).getBytes(StandardCharsets.UTF_8)));
        files.put("checkpoints.ndjson", checkpoints.toString().getBytes(StandardCharsets.UTF_8));
        keys.forEach((id, key) -> files.put("keys/" + id + ".pub.pem", Ed25519Keys.toPem(key).getBytes(StandardCharsets.UTF_8)));
        files.put("report.html", reportHtml.getBytes(StandardCharsets.UTF_8));
        String pdfProblem = null;
        try {
            files.put("report.pdf", ReportPdf.render(reportHtml));
        } catch (IOException e) {
            // The records, checkpoints and HTML report are the evidence; the PDF is a convenience copy.
            pdfProblem = e.getMessage();
            LOG.warn("Evidence bundle without report.pdf: {}", pdfProblem);
        }

        ObjectNode manifest = JSON.createObjectNode().put("format", "countersign-audit-evidence/1").put("from", from.toString())
                .put("to", to.toString()).put("generatedAt", Instant.now().toString());
        manifest.set("slices", sliceList);
        if (pdfProblem != null) {
            manifest.put("reportPdf", "not rendered: " + pdfProblem);
        }
        ObjectNode hashes = manifest.putObject("files");
        files.forEach((name, bytes) -> hashes.put(name, sha256(bytes)));
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            put(zip, MANIFEST, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                put(zip, f.getKey(), f.getValue());
            }
        }
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    static String fingerprint(Schema schema) {
        try {
            return HexFormat.of().formatHex(SchemaNormalization.parsingFingerprint("SHA-256", schema)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
