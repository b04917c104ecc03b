package io.countersign.ingest.domain;

import io.countersign.directory.Identity;

import java.util.Set;

/**
 * An authenticated caller: the identity a key belongs to, the human accountable for it (an agent's
 * owner, who may never approve its intents), and its roles. Never holds the key itself.
 */
public record Credential(String keyId, Identity subject, Identity owner, Set<Role> roles) {

    public Credential {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    @Override
    public String toString() {
        return keyId + "(" + subject.value() + ")";
    }
}
