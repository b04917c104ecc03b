package io.countersign.approvals.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A validated principal identity: {@code kind:name}, e.g. {@code user:alice@example.com} or
 * {@code agent:exporter-7}. Normalised to lower case, because e-mail addresses and group members are
 * compared for equality in approval rules, where a case mismatch must never let someone approve their
 * own request.
 */
public record Identity(String value) {

    private static final Pattern FORM = Pattern.compile("[a-z][a-z0-9_-]{0,31}:[^\\s:][^\\s]{0,254}");

    public Identity {
        if (value == null) {
            throw new IllegalArgumentException("identity must not be null");
        }
        value = value.strip().toLowerCase(Locale.ROOT);
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("identity '" + value + "' must look like kind:name, e.g. user:alice@example.com or agent:exporter");
        }
    }

    /** Parses an identity; a bare e-mail address is taken as {@code user:<email>}. */
    public static Identity of(String raw) {
        if (raw != null && !raw.contains(":") && raw.contains("@")) {
            return new Identity("user:" + raw);
        }
        return new Identity(raw);
    }

    /** The part before the colon: user, agent, service, ... */
    public String kind() {
        return value.substring(0, value.indexOf(':'));
    }

    /** The part after the colon. */
    public String name() {
        return value.substring(value.indexOf(':') + 1);
    }

    @Override
    public String toString() {
        return value;
    }
}
