package io.countersign.contracts.signing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The unambiguous byte form every Countersign signature covers: each field as a 4-byte big-endian length
 * followed by its UTF-8 bytes, an absent field as the length {@code 0xFFFFFFFF} with no bytes.
 */
final class SignedBytes {

    private static final int ABSENT = -1;

    private SignedBytes() {
    }

    static void field(ByteArrayOutputStream out, String value) {
        byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        int length = bytes == null ? ABSENT : bytes.length;
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        if (bytes != null) {
            out.writeBytes(bytes);
        }
    }
}
