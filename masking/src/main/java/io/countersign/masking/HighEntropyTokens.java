package io.countersign.masking;

import java.util.ArrayList;
import java.util.List;

/**
 * Masks unlabelled random-looking tokens: runs of base64/base64url characters at least
 * {@value #MIN_LENGTH} long that mix upper case, lower case and digits and whose Shannon entropy per
 * character is close to that of random text of the same length.
 *
 * <p>What it leaves alone, on purpose, so approvers can still judge the action: hex strings and UUIDs
 * (intent hashes, checksums, commit ids, request ids — they have no upper/lower mix), lower-case names
 * and paths ({@code s3://lake/exports/2026/part-0001.parquet}), words and camelCase identifiers (too
 * little entropy, too few changes between upper case, lower case and digits), and anything shorter than {@value #MIN_LENGTH} characters. A path-like token (one
 * with a plain lower-case segment between slashes) is judged segment by segment. The price: a secret
 * that is hex or lower case only is masked only when labelled ({@link KeyValueSecrets}) or of a known
 * format ({@link CredentialFormats}).
 */
final class HighEntropyTokens implements MaskingRule {

    static final int MIN_LENGTH = 20;
    /** Entropy of a candidate must reach this share of log2(length), the most its characters could carry. */
    private static final double SHARE_OF_MAXIMUM = 0.83;

    @Override
    public String apply(String text) {
        StringBuilder out = null;
        int last = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!tokenChar(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && tokenChar(text.charAt(i))) {
                i++;
            }
            if (i - start < MIN_LENGTH || start > 0 && text.charAt(start - 1) == '[') {
                continue;
            }
            for (int[] span : candidates(text, start, i)) {
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(text, last, span[0]).append(MaskingRule.typed("token"));
                last = span[1];
            }
        }
        return out == null ? text : out.append(text, last, n).toString();
    }

    /** The random-looking spans of the token text[start, end): the whole, or its segments when it is a path. */
    private static List<int[]> candidates(String text, int start, int end) {
        if (!pathLike(text, start, end)) {
            return random(text, start, end) ? List.of(new int[] {start, end}) : List.of();
        }
        List<int[]> out = new ArrayList<>();
        int s = start;
        for (int i = start; i <= end; i++) {
            if (i == end || text.charAt(i) == '/') {
                if (i - s >= MIN_LENGTH && random(text, s, i)) {
                    out.add(new int[] {s, i});
                }
                s = i + 1;
            }
        }
        return out;
    }

    private static boolean tokenChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '='
                || c == '_' || c == '-';
    }

    /** A segment between slashes that is a plain lower-case name (3+ letters, digits, - or _) makes a path. */
    private static boolean pathLike(String text, int start, int end) {
        if (text.indexOf('/', start) < 0 || text.indexOf('/', start) >= end) {
            return false;
        }
        int s = start;
        for (int i = start; i <= end; i++) {
            if (i == end || text.charAt(i) == '/') {
                if (i - s >= 3 && plainLowerCase(text, s, i)) {
                    return true;
                }
                s = i + 1;
            }
        }
        return false;
    }

    private static boolean plainLowerCase(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static boolean random(String text, int start, int end) {
        int len = end - start;
        if (len < MIN_LENGTH || !mixesClasses(text.substring(start, end)) || classChanges(text, start, end) * 4 < len) {
            return false;
        }
        int[] counts = new int[128];
        for (int i = start; i < end; i++) {
            counts[text.charAt(i)]++;
        }
        double entropy = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / len;
                entropy -= p * Math.log(p);
            }
        }
        entropy /= Math.log(2);
        return entropy >= SHARE_OF_MAXIMUM * Math.log(Math.min(len, 64)) / Math.log(2);
    }

    /**
     * How often the character class (upper, lower, digit, other) changes along the token: about 0.6 per
     * character in random text, under 0.25 in camelCase words ({@code ExportQ3Reconciliation2026}).
     */
    private static int classChanges(String text, int start, int end) {
        int changes = 0;
        for (int i = start + 1; i < end; i++) {
            changes += charClass(text.charAt(i)) != charClass(text.charAt(i - 1)) ? 1 : 0;
        }
        return changes;
    }

    private static int charClass(char c) {
        return c >= 'A' && c <= 'Z' ? 0 : c >= 'a' && c <= 'z' ? 1 : c >= '0' && c <= '9' ? 2 : 3;
    }

    /** Upper case, lower case and digits all present. */
    static boolean mixesClasses(String s) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
        }
        return upper && lower && digit;
    }
}
