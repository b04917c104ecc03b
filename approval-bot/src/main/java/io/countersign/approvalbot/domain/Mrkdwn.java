package io.countersign.approvalbot.domain;

import io.countersign.approvals.domain.DisplayText;

import java.util.List;
import java.util.function.IntFunction;

/**
 * The one place the Slack bot turns untrusted text into Slack markup; every renderer of the bot goes
 * through it. Slack reads {@code &}, {@code <} and {@code >} as control characters (mentions such as
 * {@code <!channel>}, links such as {@code <https://evil|click here to approve>}), so they are sent as
 * {@code &amp; &lt; &gt;} as Slack documents. Beyond that, every agent- or approver-controlled value is
 * shown inside code, where Slack applies no bold, italic, strike, quote, emoji or auto-linking of bare URLs
 * and e-mail addresses: a single-line value as an inline code span, its line breaks shown as "⏎";
 * multi-line text as a preformatted block, visibly apart from the card's own fields. A backtick in a
 * value becomes the look-alike "ˋ" (U+02CB), so no value can close its code and write markup after it.
 * Invisible and bidi characters are shown, not obeyed ({@link DisplayText}). Every method takes a budget
 * in characters of the result (escapes counted), so what it returns always fits Slack's limits.
 */
public final class Mrkdwn {

    /** Shown instead of a backtick inside code: looks alike, cannot end the code. */
    static final char BACKTICK_LOOKALIKE = 'ˋ';

    private Mrkdwn() {
    }

    /** {@code &}, {@code <} and {@code >} escaped as Slack documents; nothing else changed. */
    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** An untrusted single-line value as an inline code span of at most {@code max} characters. */
    public static String code(String value, int max) {
        String v = DisplayText.oneLine(value).strip();
        if (v.isEmpty()) {
            return "_(empty)_";
        }
        return "`" + escapedWithin(v, max - 2) + "`";
    }

    /** Untrusted multi-line text as a preformatted block of at most {@code max} characters. */
    public static String block(String value, int max) {
        String v = DisplayText.visible(value).strip();
        if (v.isEmpty()) {
            return "_(empty)_";
        }
        return "```" + escapedWithin(v, max - 6) + "```";
    }

    /** Trusted text (the bot's own words around values) escaped and cut to {@code max} characters. */
    public static String text(String s, int max) {
        return escapedWithin(DisplayText.visible(s), max);
    }

    /** A link to {@code url} (configuration, never agent input) labelled {@code label}. */
    public static String link(String url, String label) {
        return "<" + escape(url.replace("|", "%7C")) + "|" + escape(label) + ">";
    }

    /**
     * {@code items} joined by {@code separator} as long as they fit in {@code max} characters; when some do
     * not, the rest are left off and {@code more.apply(n)} says how many (its text must be short: it is
     * given room first).
     */
    public static String fit(List<String> items, String separator, int max, IntFunction<String> more) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            String next = (i == 0 ? "" : separator) + items.get(i);
            int reserve = i == items.size() - 1 ? 0 : more.apply(items.size()).length();
            if (out.length() + next.length() + reserve > max) {
                return out + more.apply(items.size() - i);
            }
            out.append(next);
        }
        return out.toString();
    }

    /** {@code s} escaped, backticks replaced, and cut with "…" so the result has at most {@code max} characters. */
    private static String escapedWithin(String s, int max) {
        StringBuilder out = new StringBuilder();
        int room = max - DisplayText.ELLIPSIS.length();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            String piece = switch (cp) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '`' -> String.valueOf(BACKTICK_LOOKALIKE);
                default -> new String(Character.toChars(cp));
            };
            boolean last = i >= s.length();
            if (out.length() + piece.length() > (last ? max : room)) {
                return out.append(DisplayText.ELLIPSIS).toString();
            }
            out.append(piece);
        }
        return out.toString();
    }
}
