package io.countersign.ingest.domain;

import java.util.regex.Pattern;

/**
 * The environment an intent runs in, e.g. {@code prod} or {@code dev}: 1-32 lower-case letters, digits,
 * {@code -} or {@code _}. It comes from the API key (or the gateway's {@code ingest.environment}), never
 * from the intent's body, because policy treats prod differently and an agent must not choose.
 */
public record Environment(String value) {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    /** The gateway default when neither the key nor {@code ingest.environment} names one. */
    public static final Environment PROD = new Environment("prod");

    public Environment {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("an environment must be 1-32 lower-case letters, digits, '-' or '_', e.g. prod");
        }
    }

    public static Environment of(String value) {
        return new Environment(value);
    }

    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
