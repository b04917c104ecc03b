package io.countersign.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Test fixture: an evidence bundle's files in memory, edited as a forger would (a file changed and the manifest's
 * hash of it recomputed, so only the chain and the signatures can give the edit away), and written back.
 */
final class EvidenceBundles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EvidenceBundles() {
    }

    static Map<String, byte[]> read(Path zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(raw)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                files.put(e.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    /** {@code files} with {@code name} changed by {@code edit}, the manifest updated to match when {@code fixManifest}. */
    static Map<String, byte[]> edit(Map<String, byte[]> files, String name, UnaryOperator<String> edit, boolean fixManifest) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>(files);
        byte[] changed = edit.apply(new String(files.getOrDefault(name, new byte[0]), java.nio.charset.StandardCharsets.UTF_8))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.put(name, changed);
        if (fixManifest) {
            ObjectNode manifest = (ObjectNode) JSON.readTree(out.get("manifest.json"));
            ((ObjectNode) manifest.get("files")).put(name, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(changed)));
            out.put("manifest.json", JSON.writeValueAsBytes(manifest));
        }
        return out;
    }

    static Path write(Map<String, byte[]> files, Path zip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                out.putNextEntry(new ZipEntry(f.getKey()));
                out.write(f.getValue());
                out.closeEntry();
            }
        }
        return Files.write(zip, bytes.toByteArray());
    }
}
