package io.countersign.processors.domain.policy;

import java.util.regex.Pattern;

/**
 * A name pattern from the policy file: {@code *} matches any run of characters within one segment,
 * {@code **} matches across segments, everything else matches itself (no other wildcards, no
 * character classes). Segments are separated by {@code separator}: {@code /} for destination URIs
 * ({@code s3://acme-*}{@code /**}), {@code .} for action names ({@code iam.**}). A trailing
 * {@code <separator>**} also matches nothing, so {@code s3://acme-data/**} covers the bucket itself.
 */
record Glob(String text, Pattern regex) {

    static Glob of(String text, char separator) {
        StringBuilder re = new StringBuilder();
        String notSeparator = "[^" + Pattern.quote(String.valueOf(separator)) + "]*";
        String trailing = separator + "**";
        String body = text.endsWith(trailing) ? text.substring(0, text.length() - trailing.length()) : text;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '*' && i + 1 < body.length() && body.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append(notSeparator);
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (body.length() < text.length()) {
            re.append("(?:").append(Pattern.quote(String.valueOf(separator))).append(".*)?");
        }
        return new Glob(text, Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    boolean matches(String value) {
        return regex.matcher(value).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
