package io.countersign.teamsbot.adapter.out;

import io.countersign.approvals.domain.DisplayText;

/**
 * The one place the Teams bot turns an untrusted string (agent or approver input from an
 * {@link io.countersign.approvals.domain.ApprovalCard}) into text for an Adaptive Card TextBlock or Fact.
 * Both render a Markdown subset (bold, italic, lists, links {@code [text](url)}) and some clients auto-link
 * bare URLs and e-mail addresses, so every ASCII punctuation character is backslash-escaped (CommonMark
 * allows exactly these escapes; a renderer shows the character itself): no emphasis, link, list, heading,
 * quote, HTML or {@code <at>} mention can start, and {@code https://} or {@code a@b} no longer read as a
 * link. Invisible and bidi characters are shown, not obeyed, and line breaks show as "⏎"
 * ({@link DisplayText}); the value is cut with "…" before escaping so escapes are never split.
 */
public final class CardMarkdown {

    /** At most this many characters of one value are shown (like the Slack card's budgets). */
    public static final int FIELD = 300;

    private CardMarkdown() {
    }

    /** {@code value} on one line, cut to {@link #FIELD} characters and escaped; "(empty)" for null or blank. */
    public static String text(String value) {
        return text(value, FIELD);
    }

    /** {@code value} on one line, cut to {@code max} characters (before escaping) and escaped. */
    public static String text(String value, int max) {
        String v = DisplayText.oneLine(value).strip();
        if (v.isEmpty()) {
            return "(empty)";
        }
        return escape(DisplayText.cut(v, max));
    }

    /** Every ASCII punctuation character preceded by a backslash; nothing else changed. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80 && isPunctuation(c)) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean isPunctuation(char c) {
        return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~';
    }
}
