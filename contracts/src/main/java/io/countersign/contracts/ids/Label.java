package io.countersign.contracts.ids;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A sensitivity label on a dataset: {@code PII}, {@code PHI}, {@code PCI}, {@code SECRET},
 * {@code PUBLIC}, {@code INTERNAL}, {@code UNCLASSIFIED} or an organisation's own, such as
 * {@code FINANCE_RESTRICTED}. A label is 1-32 upper-case ASCII letters, digits or {@code _}, starting
 * with a letter; policy rules compare labels as exact strings ({@code 'PII' in labels}), so every label
 * has one spelling. {@link #parse} accepts any case and surrounding whitespace ({@code " pii "} is
 * {@code PII}), the way stewards and lineage producers write them.
 *
 * <p>Every label Countersign writes is a {@code Label}: the steward API, OpenLineage tags and the
 * unknown-dataset labels of the pipeline's configuration. Labels read back from Kafka may have been
 * written by another producer; readers compare them through {@link #normalise}, which never drops one.
 */
public record Label(String value) {

    /** The most labels one dataset may carry, for a steward's declaration and lineage tags alike. */
    public static final int MAX_PER_DATASET = 64;
    private static final Pattern FORM = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");
    private static final String RULE = "a label is 1-32 letters, digits or '_', starting with a letter, e.g. PII or FINANCE_RESTRICTED";

    public Label {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new InvalidIdentifierException(RULE + " (in upper case)");
        }
    }

    /** The label {@code raw} names, case and surrounding whitespace ignored; {@link InvalidIdentifierException} if none. */
    public static Label parse(String raw) {
        String normal = normalise(raw);
        if (!FORM.matcher(normal).matches()) {
            throw new InvalidIdentifierException(RULE);
        }
        return new Label(normal);
    }

    /** The label {@code raw} names, or empty when it names none. */
    public static Optional<Label> tryParse(String raw) {
        String normal = normalise(raw);
        return FORM.matcher(normal).matches() ? Optional.of(new Label(normal)) : Optional.empty();
    }

    /**
     * The spelling labels are compared in, for any text, also text that is no valid label: stripped and
     * upper-cased ({@code ""} for {@code null}). Equal to {@code parse(raw).value()} whenever {@link #parse}
     * accepts {@code raw}; for labels read from Kafka, which must never be lost for not being well formed.
     */
    public static String normalise(String raw) {
        return raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value;
    }
}
