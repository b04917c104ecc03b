package io.countersign.approvals.domain;

/**
 * Platform-neutral preparation of an untrusted string for a human to read on a card: characters that
 * show as nothing or reorder what follows (bidi overrides and isolates such as U+202E, zero-width
 * spaces and joiners, other format and control characters, invisible fillers) are shown as
 * {@code [U+202E]} instead of obeyed, so a target cannot look like another; line breaks of every kind
 * become {@code \n}; and a string is cut to a length with "…". Chat markup is not touched here: each
 * chat platform's renderer escapes the result its own way (the Slack bot's {@code Mrkdwn}; the Teams
 * bot's {@code AdaptiveCards} for the Adaptive Card Markdown subset).
 */
public final class DisplayText {

    public static final String ELLIPSIS = "…";
    /** What a line break in a single-line field becomes: visible, and unable to start a fake field. */
    static final String LINE_BREAK = " ⏎ ";

    private DisplayText() {
    }

    /** {@code s} with every invisible or reordering character made visible, line breaks as {@code \n}; null as "". */
    public static String visible(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\r') {
                if (i < s.length() && s.charAt(i) == '\n') {
                    continue;
                }
                out.append('\n');
            } else if (cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029 || cp == 0x0B || cp == 0x0C) {
                out.append('\n');
            } else if (cp == '\t') {
                out.append(' ');
            } else if (hidden(cp)) {
                out.append(String.format("[U+%04X]", cp));
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** {@link #visible} on one line: each line break shows as "⏎", so the value cannot fake a line of its own. */
    public static String oneLine(String s) {
        return visible(s).replace("\n", LINE_BREAK);
    }

    /** {@code s} cut to at most {@code max} characters (UTF-16 units, never splitting a pair), ending in "…" when cut. */
    public static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Math.max(0, max - ELLIPSIS.length());
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + ELLIPSIS;
    }

    private static boolean hidden(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.PRIVATE_USE || type == Character.UNASSIGNED
                || type == Character.SURROGATE
                // Combining grapheme joiner, Hangul fillers, Braille blank, variation selectors: render as nothing.
                || cp == 0x034F || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800
                || cp >= 0xFE00 && cp <= 0xFE0F || cp >= 0xE0100 && cp <= 0xE01EF;
    }
}
