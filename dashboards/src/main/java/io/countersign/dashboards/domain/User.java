package io.countersign.dashboards.domain;

import java.util.Set;
import java.util.regex.Pattern;

/** A dashboard user: a validated name, a {@link PasswordHash} and roles (an auditor is also an analyst). */
public record User(String username, String passwordHash, Set<Role> roles) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    public User {
        if (username == null || !NAME.matcher(username).matches()) {
            throw new IllegalArgumentException("a username is 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
        if (!PasswordHash.wellFormed(passwordHash)) {
            throw new IllegalArgumentException("user " + username + ": passwordHash is not a pbkdf2-sha256 hash; create one with"
                    + " `countersign dashboards hash-password`");
        }
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("user " + username + " has no roles; give it analyst or auditor");
        }
        roles = Set.copyOf(roles);
    }

    /** This user as signed in. */
    public Person person() {
        return new Person(username, roles);
    }

    public boolean may(Role role) {
        return roles.contains(role) || roles.contains(Role.AUDITOR);
    }
}
