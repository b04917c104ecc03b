package io.countersign.masking;

/** One masking step over text: returns the text with what it finds masked, or the text itself. */
@FunctionalInterface
interface MaskingRule {

    String apply(String text);

    /** The masked form that names what was there, e.g. {@code [masked:jwt]}. */
    static String typed(String kind) {
        return "[masked:" + kind + "]";
    }

    /** {@code rule}, run only on texts that contain {@code hint}: a cheap test saves a regex scan of most texts. */
    static MaskingRule onlyIfContains(String hint, MaskingRule rule) {
        return text -> text.contains(hint) ? rule.apply(text) : text;
    }

    /** True for a value some rule masked already (the bot masks what the pipeline masked, again). */
    static boolean alreadyMasked(CharSequence text, int from) {
        return text.length() - from >= 8 && text.subSequence(from, from + 8).toString().equals("[masked:");
    }
}
