package io.countersign.approvals.domain;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link Directory} held in memory: groups of identities, and e-mail addresses mapped to identities.
 * A user identity whose name is an e-mail address is found by that address without an entry of its
 * own; explicit entries win.
 */
public final class GroupDirectory implements Directory {

    private final Map<String, Set<Identity>> groups;
    private final Map<Identity, Set<String>> memberships;
    private final Map<String, Identity> emails;
    private final Map<String, String> groupsFromToken;

    private GroupDirectory(Map<String, Set<Identity>> groups, Map<String, Identity> emails, Map<String, String> groupsFromToken) {
        this.groups = Map.copyOf(groups);
        this.groupsFromToken = Map.copyOf(groupsFromToken);
        Map<Identity, Set<String>> inverse = new HashMap<>();
        groups.forEach((group, members) -> members.forEach(m -> inverse.computeIfAbsent(m, k -> new HashSet<>()).add(group)));
        inverse.replaceAll((k, v) -> Set.copyOf(v));
        this.memberships = Map.copyOf(inverse);
        Map<String, Identity> byEmail = new HashMap<>();
        inverse.keySet().stream().filter(i -> i.kind().equals("user") && i.name().contains("@"))
                .forEach(i -> byEmail.put(i.name(), i));
        emails.forEach((email, id) -> byEmail.put(email.toLowerCase(Locale.ROOT), id));
        this.emails = Map.copyOf(byEmail);
    }

    /**
     * Groups of members written as identities ({@code user:carol@example.com}, or a bare e-mail address
     * for {@code user:<email>}); IllegalArgumentException names a member that is neither.
     */
    public static GroupDirectory of(Map<String, ? extends Collection<String>> raw, Map<String, Identity> emails) {
        return of(raw, emails, Map.of());
    }

    /** As {@link #of(Map, Map)}, with groups whose membership the identity provider's token must confirm ({@link #groupsFromToken()}). */
    public static GroupDirectory of(Map<String, ? extends Collection<String>> raw, Map<String, Identity> emails,
                                    Map<String, String> groupsFromToken) {
        Map<String, Set<Identity>> groups = new HashMap<>();
        raw.forEach((group, members) -> {
            Set<Identity> ids = new HashSet<>();
            if (members != null) {
                members.forEach(m -> ids.add(Identity.of(m)));
            }
            groups.put(group, Set.copyOf(ids));
        });
        return new GroupDirectory(groups, emails, groupsFromToken);
    }

    @Override
    public Map<String, String> groupsFromToken() {
        return groupsFromToken;
    }

    @Override
    public Set<Identity> members(String group) {
        return groups.getOrDefault(group, Set.of());
    }

    @Override
    public Set<String> groupsOf(Identity identity) {
        return memberships.getOrDefault(identity, Set.of());
    }

    @Override
    public Optional<Identity> byEmail(String email) {
        return email == null ? Optional.empty() : Optional.ofNullable(emails.get(email.strip().toLowerCase(Locale.ROOT)));
    }
}
