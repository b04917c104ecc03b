package io.countersign.ingest.domain;

import io.countersign.approvals.domain.Identity;

import java.util.Set;

/**
 * An authenticated caller: the identity a key belongs to, the human accountable for it (an agent's
 * owner, who may never approve its intents), its roles, and the environment its intents run in (null:
 * the gateway's {@code ingest.environment}). Never holds the key itself.
 */
public record Credential(String keyId, Identity subject, Identity owner, Set<Role> roles, Environment environment) {

    public Credential {
        roles = Set.copyOf(roles);
    }

    /** A credential whose intents run in the gateway's default environment. */
    public Credential(String keyId, Identity subject, Identity owner, Set<Role> roles) {
        this(keyId, subject, owner, roles, null);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    @Override
    public String toString() {
        return keyId + "(" + subject.value() + ")";
    }
}
