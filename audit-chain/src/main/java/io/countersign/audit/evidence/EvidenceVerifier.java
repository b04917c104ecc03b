package io.countersign.audit.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.audit.AuditSigner;
import io.countersign.audit.ChainVerifier;
import io.countersign.contracts.signing.Ed25519Keys;
import io.countersign.schema.AuditCheckpoint;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Checks an audit evidence bundle ({@link EvidenceWriter}) offline, with nothing but the bundle (and, when
 * given, the public keys the auditor trusts): every file is listed in the manifest with its SHA-256 and none is
 * unlisted; every checkpoint is signed by a bundled key (and one the auditor trusts, when keys are given); and
 * each partition's records decode with their schemas, hash to what they carry, link and count on without a gap
 * from the start checkpoint's signed head, and end exactly at the end checkpoint's signed head. The answer is
 * the first thing that does not verify, or nothing.
 */
public final class EvidenceVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EvidenceVerifier() {
    }

    /** The first problem with the bundle read from {@code zip}; empty when it verifies. {@code trusted}: null to trust the bundled keys. */
    public static Optional<String> verify(InputStream zip, Set<String> trusted) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(zip)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (files.put(e.getName(), in.readAllBytes()) != null) {
                    return Optional.of("the bundle holds " + e.getName() + " twice");
                }
            }
        }
        byte[] manifestBytes = files.remove(EvidenceWriter.MANIFEST);
        if (manifestBytes == null) {
            return Optional.of("the bundle has no " + EvidenceWriter.MANIFEST);
        }
        JsonNode manifest = JSON.readTree(manifestBytes);
        Map<String, String> listed = new HashMap<>();
        manifest.path("files").fields().forEachRemaining(f -> listed.put(f.getKey(), f.getValue().asText()));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String want = listed.remove(f.getKey());
            if (want == null) {
                return Optional.of(f.getKey() + " is not in the manifest (added to the bundle)");
            }
            if (!want.equals(EvidenceWriter.sha256(f.getValue()))) {
                return Optional.of(f.getKey() + " does not match its SHA-256 in the manifest (changed)");
            }
        }
        if (!listed.isEmpty()) {
            return Optional.of(listed.keySet().iterator().next() + " is in the manifest but missing from the bundle");
        }
        Map<String, PublicKey> keys = new HashMap<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (f.getKey().startsWith("keys/")) {
                PublicKey k = Ed25519Keys.publicKeyFromPem(new String(f.getValue(), StandardCharsets.UTF_8));
                keys.put(Ed25519Keys.keyId(k), k);
            }
        }
        Map<Long, AuditCheckpoint> checkpoints = new HashMap<>();
        List<AuditCheckpoint> all = new ArrayList<>();
        for (String line : text(files, "checkpoints.ndjson").split("\n")) {
            if (!line.isBlank()) {
                AuditCheckpoint cp = Checkpoints.decode(line);
                all.add(cp);
                PublicKey key = keys.get(cp.getKeyId());
                if (key == null || trusted != null && !trusted.contains(cp.getKeyId())) {
                    return Optional.of("checkpoint of partition " + cp.getChainPartition() + " at sequence " + cp.getLastSequence()
                            + " is signed by key " + cp.getKeyId() + ", which is " + (key == null ? "not in the bundle" : "not one you trust"));
                }
                if (!AuditSigner.verify(cp, key)) {
                    return Optional.of("checkpoint of partition " + cp.getChainPartition() + " at sequence " + cp.getLastSequence()
                            + " has a signature that does not verify (re-signed or altered)");
                }
                checkpoints.put(((long) cp.getChainPartition() << 40) | cp.getLastSequence(), cp);
            }
        }
        for (JsonNode slice : manifest.path("slices")) {
            Optional<String> problem = slice(slice, files, checkpoints);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> slice(JsonNode slice, Map<String, byte[]> files, Map<Long, AuditCheckpoint> checkpoints) throws IOException {
        int partition = slice.path("partition").asInt();
        long startSeq = slice.path("startSequence").asLong(-1);
        long endSeq = slice.path("endSequence").asLong(-1);
        AuditCheckpoint start = startSeq < 0 ? null : checkpoints.get(((long) partition << 40) | startSeq);
        AuditCheckpoint end = endSeq < 0 ? null : checkpoints.get(((long) partition << 40) | endSeq);
        if (startSeq >= 0 && start == null || endSeq >= 0 && end == null) {
            return Optional.of("partition " + partition + ": a bracketing checkpoint named in the manifest is missing");
        }
        ChainVerifier chain = start == null ? new ChainVerifier(partition, Set.of(endSeq))
                : ChainVerifier.resumingAfter(partition, start.getLastSequence(), start.getHeadHash(), Set.of(endSeq));
        Map<String, Schema> schemas = new HashMap<>();
        int count = 0;
        for (String line : text(files, "records/partition-" + partition + ".ndjson").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode entry = JSON.readTree(line);
            String fingerprint = entry.path("schema").asText();
            Schema schema = schemas.computeIfAbsent(fingerprint, f -> new Schema.Parser().parse(text(files, "schemas/" + f + ".avsc")));
            GenericRecord record;
            try {
                record = AvroJson.decode(entry.get("record").toString(), schema);
            } catch (IOException | RuntimeException e) {
                return Optional.of("partition " + partition + " offset " + entry.path("offset").asLong() + ": the record does not decode");
            }
            Optional<ChainVerifier.Finding> finding = chain.accept(entry.path("offset").asLong(), record, schema);
            if (finding.isPresent()) {
                return Optional.of(finding.get().toString());
            }
            count++;
        }
        if (count != slice.path("records").asInt()) {
            return Optional.of("partition " + partition + ": the manifest counts " + slice.path("records").asInt() + " records, the bundle holds " + count);
        }
        if (end == null) {
            return Optional.of("partition " + partition + ": no signed checkpoint after the period seals these records, so completeness"
                    + " cannot be proven; make the bundle again after the pipeline's next checkpoint");
        }
        if (!io.countersign.audit.CheckpointVerifier.sealsChain(end, chain)) {
            return Optional.of("partition " + partition + ": the records do not end at the signed head of the checkpoint at sequence " + endSeq
                    + " (records removed at the end, or altered)");
        }
        return Optional.empty();
    }

    private static String text(Map<String, byte[]> files, String name) {
        byte[] b = files.get(name);
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }
}
