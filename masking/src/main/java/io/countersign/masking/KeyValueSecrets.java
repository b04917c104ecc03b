package io.countersign.masking;

import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks the value of every {@code key=value} pair inside text whose key is a secret name
 * ({@link SecretNames}): {@code password=hunter2}, {@code "secret": "x"}, {@code pwd: x},
 * {@code Server=..;Password=..;}, {@code ?token=..&sig=..}, {@code X-Amz-Signature=..},
 * {@code <password>x</password>}, {@code --password x} and, for password words only, prose such as
 * {@code the password is x}. The key stays, so approvers still see what kind of value was there.
 *
 * <p>A value ends where its quotes close; unquoted, at white space, {@code ;} or a quote, and also at
 * {@code &} and {@code #} when the pair is a URL query parameter. In a connection string
 * ({@code ;}-separated) an unquoted value runs to the next {@code ;}, spaces included. Placeholders
 * ({@code ${DB_PASSWORD}}, <code>{{ token }}</code>) and values masked already are kept.
 */
final class KeyValueSecrets implements MaskingRule {

    private static final int MAX_VALUE = 1_024;
    private static final Set<String> AUTH_SCHEMES = Set.of("bearer", "basic", "token", "digest", "negotiate", "apikey");
    /** key, optional closing quote, separator (=, :, :=, =>, or "is"/"was"), spaces. */
    private static final Pattern PAIR = Pattern.compile(
            "(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_.-]{0,63}+)(?:\\\\?[\"'])?[ \\t]{0,8}+(:=|=>|[:=]|(?i:is|was)(?=[ \\t]))[ \\t]{0,8}+");
    /** A command-line flag and its value: --password hunter2. */
    private static final Pattern FLAG = Pattern.compile("(?<![A-Za-z0-9_-])--?([A-Za-z][A-Za-z0-9_.-]{0,63}+)[ \\t]++(?=[^\\s-])");
    private static final Pattern XML = Pattern.compile(
            "<([A-Za-z_][A-Za-z0-9_.:-]{0,63}+)(?:[ \\t][^<>\\n]{0,256}+)?>([^<\\n]{1,1024}+)</\\1[ \\t]*>");

    @Override
    public String apply(String text) {
        String out = text;
        if (out.indexOf('=') >= 0 || out.indexOf(':') >= 0 || out.contains(" is ") || out.contains(" was ")) {
            out = replace(out, PAIR, (t, m) -> {
                boolean prose = Character.isLetter(m.group(2).charAt(0));
                if (m.group(1).equalsIgnoreCase("key") && !querySeparated(t, m.start())) {
                    return null; // "key: value" is prose or a sort key; ?key= is an API key
                }
                return (prose ? isPasswordWord(m.group(1)) : SecretNames.isSecret(m.group(1)))
                        ? value(t, m.end(), querySeparated(t, m.start()), connectionString(t, m.start())) : null;
            });
        }
        if (out.indexOf('-') >= 0) {
            out = replace(out, FLAG, (t, m) -> SecretNames.isSecret(m.group(1)) ? value(t, m.end(), false, false) : null);
        }
        if (out.indexOf('<') >= 0) {
            out = replace(out, XML, (t, m) -> SecretNames.isSecret(m.group(1)) ? new int[] {m.start(2), m.end(2)} : null);
        }
        return out;
    }

    /** Replaces, for every match, the span {@code spanOf} gives (null: keep) with {@code [masked:secret]}. */
    private static String replace(String text, Pattern pattern, BiFunction<String, Matcher, int[]> spanOf) {
        Matcher m = pattern.matcher(text).useTransparentBounds(true);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            int[] span = spanOf.apply(text, m);
            if (span == null || span[1] <= span[0] || keep(text, span[0], span[1])) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, last, span[0]).append(MaskingRule.typed("secret"));
            last = span[1];
            m.region(last, text.length()); // never look for pairs inside a value masked already
        }
        return out == null ? text : out.append(text, last, text.length()).toString();
    }

    /** The span of the value starting at {@code start}, without its quotes. */
    private static int[] value(String text, int start, boolean query, boolean connectionString) {
        int end = valueEnd(text, start, query, connectionString);
        if (end < text.length() && text.charAt(end) == ' ' && AUTH_SCHEMES.contains(text.substring(start, end).toLowerCase(Locale.ROOT))) {
            start = end + 1; // Authorization: Bearer <token> — the scheme says what follows; the token is the secret
            end = valueEnd(text, start, query, connectionString);
        }
        if (end - start >= 4 && text.charAt(start) == '\\' && text.charAt(end - 2) == '\\') {
            return new int[] {start + 2, end - 2};
        }
        if (end - start >= 2 && "\"'`{".indexOf(text.charAt(start)) >= 0 && "\"'`}".indexOf(text.charAt(end - 1)) >= 0) {
            return new int[] {start + 1, end - 1};
        }
        return new int[] {start, end};
    }

    /** Where the value starting at {@code start} ends (exclusive); quotes stay outside the masked part. */
    static int valueEnd(String text, int start, boolean query, boolean connectionString) {
        int n = text.length();
        if (start >= n) {
            return start;
        }
        int limit = Math.min(n, start + MAX_VALUE);
        char first = text.charAt(start);
        if (first == '\\' && start + 1 < n && (text.charAt(start + 1) == '"' || text.charAt(start + 1) == '\'')) {
            int close = text.indexOf("\\" + text.charAt(start + 1), start + 2); // a quoted value inside an escaped string
            return close < 0 || close > limit ? lineEnd(text, start, limit) : close + 2;
        }
        if (first == '"' || first == '\'' || first == '`' || first == '{') {
            char closing = first == '{' ? '}' : first;
            for (int i = start + 1; i < limit; i++) {
                char c = text.charAt(i);
                if (c == '\\' && closing != '}' || c == '}' && closing == '}' && i + 1 < limit && text.charAt(i + 1) == '}') {
                    i++; // an escaped character; ODBC doubles a } inside braces
                } else if (c == closing) {
                    return i + 1;
                } else if (c == '\n') {
                    return i;
                }
            }
            return lineEnd(text, start, limit);
        }
        int i = start;
        while (i < limit && !stops(text.charAt(i), query)) {
            i++;
        }
        if (connectionString && i < limit && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            int semicolon = i;
            while (semicolon < limit && text.charAt(semicolon) != ';' && text.charAt(semicolon) != '\n' && text.charAt(semicolon) != '=') {
                semicolon++;
            }
            if (semicolon < limit && text.charAt(semicolon) == ';') {
                return semicolon;
            }
        }
        return i;
    }

    private static boolean stops(char c, boolean query) {
        return Character.isWhitespace(c) || c == ';' || c == '"' || c == '\'' || c == '<' || c == '>'
                || query && (c == '&' || c == '#');
    }

    private static int lineEnd(String text, int start, int limit) {
        int nl = text.indexOf('\n', start);
        return nl < 0 || nl > limit ? limit : nl;
    }

    /** Placeholders and values masked already are not secrets. */
    private static boolean keep(String text, int start, int end) {
        return MaskingRule.alreadyMasked(text, start) || text.startsWith("${", start) && text.charAt(end - 1) == '}'
                || text.startsWith("{{", start);
    }

    private static boolean querySeparated(String text, int nameStart) {
        return nameStart > 0 && (text.charAt(nameStart - 1) == '?' || text.charAt(nameStart - 1) == '&');
    }

    private static boolean connectionString(String text, int nameStart) {
        int i = nameStart - 1;
        while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i--;
        }
        return i >= 0 && text.charAt(i) == ';';
    }

    private static boolean isPasswordWord(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith("password") || n.endsWith("passwd") || n.equals("pwd") || n.endsWith("passphrase");
    }
}
