package io.countersign.contracts.ids;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Character-level rules of dataset URIs: which characters are refused (controls, invisible format
 * characters, unassigned or private code points, lone surrogates, whitespace), strict percent-decoding
 * to UTF-8, Unicode compatibility normalisation (NFKC) and the one percent-encoding a canonical path
 * segment is written in.
 */
final class UriText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** Kept literally in a canonical segment: RFC 3986 unreserved, sub-delims, ':' and '@'. */
    private static final String LITERAL = "-._~!$&'()*+,;=:@";

    private UriText() {
    }

    /** Refuses characters that no dataset URI may hold; {@code spaceOk} lets U+0020 through (decoded paths). */
    static void requireVisible(String s, String where, boolean spaceOk) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.SURROGATE) {
                throw refuse(where + " holds a broken UTF-16 surrogate; send the URI as valid Unicode text");
            }
            if (type == Character.CONTROL) {
                throw refuse(where + " holds a control character (such as NUL, TAB or a newline, also percent-encoded); remove it");
            }
            if (type == Character.FORMAT || type == Character.UNASSIGNED || type == Character.PRIVATE_USE) {
                throw refuse(where + " holds an invisible, unassigned or private-use character; write the URI in visible characters only");
            }
            if (cp == ' ' ? !spaceOk : Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                throw refuse(where + " holds whitespace; dataset URIs have none (percent-encode a space inside a path segment as %20)");
            }
            i += Character.charCount(cp);
        }
    }

    /** Decodes %XX escapes (any case) and checks that the bytes are UTF-8. */
    static String percentDecode(String s, String where) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? hex(s.charAt(i + 1)) : -1;
                int lo = hi < 0 ? -1 : hex(s.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw refuse(where + " has a '%' that is not followed by two hex digits; write a literal '%' as %25");
                }
                bytes.write(hi * 16 + lo);
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw refuse(where + " percent-encodes bytes that are not UTF-8; encode text as UTF-8");
        }
    }

    /** ASCII hex digits only: Character.digit would also take full-width and other scripts' digits. */
    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    static String nfkc(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC);
    }

    /**
     * Case-insensitive stores: upper then lower, so ß, ſ and the Kelvin sign meet their ASCII forms. Repeated until
     * nothing changes, because one round is not always enough: capital ẞ becomes ß, which a second round makes ss,
     * and a canonical form must parse to itself.
     */
    static String foldCase(String s) {
        String folded = s;
        for (int round = 0; round < 4; round++) {
            String next = nfkc(folded.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT));
            if (next.equals(folded)) {
                return next;
            }
            folded = next;
        }
        return folded;
    }

    /** Writes a decoded segment with exactly one encoding: the literal set as is, everything else as %XX (UTF-8). */
    static String encodeSegment(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || LITERAL.indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    static InvalidDatasetUriException refuse(String message) {
        return new InvalidDatasetUriException("the dataset URI " + message);
    }
}
