package io.countersign.masking;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds one kind of sensitive value in text and says how to mask it. A regular expression proposes
 * candidates; an optional validator (Luhn for card numbers, mod-97 for IBANs) removes the false
 * positives a pattern alone would mask, such as order numbers that merely look like cards.
 */
record Detector(String kind, Pattern pattern, Validator validator, Masking masking) implements MaskingRule {

    /** Confirms a candidate match. */
    @FunctionalInterface
    interface Validator {
        boolean valid(String candidate);
    }

    /** Renders the masked form of a confirmed match. */
    @FunctionalInterface
    interface Masking {
        String mask(String match);
    }

    /** A detector whose matches are all masked as {@code [masked:kind]}. */
    static Detector of(String kind, String regex) {
        return new Detector(kind, Pattern.compile(regex), null, m -> MaskingRule.typed(kind));
    }

    /** Masks every confirmed match in {@code text}; returns {@code text} itself when nothing matched. */
    @Override
    public String apply(String text) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            String candidate = m.group();
            if (validator != null && !validator.valid(candidate)) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, last, m.start()).append(masking.mask(candidate));
            last = m.end();
        }
        if (out == null) {
            return text;
        }
        return out.append(text, last, text.length()).toString();
    }
}
