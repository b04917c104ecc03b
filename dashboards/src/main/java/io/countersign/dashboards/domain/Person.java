package io.countersign.dashboards.domain;

import java.util.Set;

/**
 * Someone signed in to the dashboards: the name they are known by (a local user's name, or the identity
 * claim of their ID token, e.g. an e-mail address) and their roles (an auditor is also an analyst).
 */
public record Person(String username, Set<Role> roles) {

    public Person {
        if (username == null || username.isBlank() || username.length() > 256 || username.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a signed-in name is 1-256 characters without control characters");
        }
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException(username + " has no dashboards role");
        }
        roles = Set.copyOf(roles);
    }

    public boolean may(Role role) {
        return roles.contains(role) || roles.contains(Role.AUDITOR);
    }
}
