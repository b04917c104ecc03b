package io.countersign.sdk;

import java.util.Collections;
import java.util.List;

/**
 * What the client's API key is, as the gateway reports it ({@code GET /v1/me}): the agent (or person) it is, the
 * human who owns it, and the principals its intents may name (the owner first). Obtained from
 * {@link Countersign#caller()}. Immutable; never holds the key.
 */
public final class Caller {
    private final String keyId;
    private final String subject;
    private final String owner;
    private final List<String> roles;
    private final List<String> principals;
    private final boolean anyPrincipal;

    Caller(String keyId, String subject, String owner, List<String> roles, List<String> principals, boolean anyPrincipal) {
        this.keyId = keyId;
        this.subject = subject;
        this.owner = owner;
        this.roles = Collections.unmodifiableList(List.copyOf(roles));
        this.principals = Collections.unmodifiableList(List.copyOf(principals));
        this.anyPrincipal = anyPrincipal;
    }

    /** The key's id (not the key), or null. */
    public String keyId() {
        return keyId;
    }

    /** The agent or person the key is, for example {@code agent:exporter}. */
    public String subject() {
        return subject;
    }

    /** The human who owns the key, for example {@code user:olga@example.com}: the principal an agent acts for by default. */
    public String owner() {
        return owner;
    }

    /** The key's roles, for example {@code AGENT}. */
    public List<String> roles() {
        return roles;
    }

    /** The principals the key's intents may name: the owner first, then those listed for the key. */
    public List<String> principals() {
        return principals;
    }

    /** Whether the key may name any principal. */
    public boolean anyPrincipal() {
        return anyPrincipal;
    }

    @Override
    public String toString() {
        return "Caller{" + subject + ", owner " + owner + "}";
    }
}
