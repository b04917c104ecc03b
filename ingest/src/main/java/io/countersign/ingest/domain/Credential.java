package io.countersign.ingest.domain;

import io.countersign.approvals.domain.Identity;

import java.util.Set;

/**
 * An authenticated caller: the identity a key belongs to, the human accountable for it (an agent's
 * owner, who may never approve its intents), its roles, the environment its intents run in (null:
 * the gateway's {@code ingest.environment}), and the principals its intents may name ({@link Principals}:
 * by default its owner only). Never holds the key itself.
 */
public record Credential(String keyId, Identity subject, Identity owner, Set<Role> roles, Environment environment, Principals principals) {

    public Credential {
        roles = Set.copyOf(roles);
        principals = principals == null ? Principals.OWNER_ONLY : principals;
    }

    /** A credential whose intents may name only its owner as principal. */
    public Credential(String keyId, Identity subject, Identity owner, Set<Role> roles, Environment environment) {
        this(keyId, subject, owner, roles, environment, Principals.OWNER_ONLY);
    }

    /** A credential whose intents run in the gateway's default environment and name only its owner as principal. */
    public Credential(String keyId, Identity subject, Identity owner, Set<Role> roles) {
        this(keyId, subject, owner, roles, null);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Whether this key's intents may name {@code principal} as the human they act for. */
    public boolean mayActFor(Identity principal) {
        return principals.allows(principal, owner);
    }

    @Override
    public String toString() {
        return keyId + "(" + subject.value() + ")";
    }
}
