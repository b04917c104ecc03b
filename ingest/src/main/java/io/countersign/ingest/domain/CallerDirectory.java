package io.countersign.ingest.domain;

import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.Identity;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The approver directory as one approval API caller sees it: for the groups the directory takes from
 * the identity provider ({@link Directory#groupsFromToken()}), the caller counts as a member only when
 * the access token it authenticated with lists the provider's group in its groups claim. A caller
 * with an API key, which proves no group at the provider, is in none of those groups. So removing
 * someone from the group at the provider removes their right to decide through the API at once, with no
 * change to the directory file. Everyone else's memberships, and the caller's other groups, are the
 * directory's.
 */
public final class CallerDirectory implements Directory {

    private final Directory directory;
    private final Identity caller;
    private final Set<String> tokenGroups;

    private CallerDirectory(Directory directory, Identity caller, Set<String> tokenGroups) {
        this.directory = directory;
        this.caller = caller;
        this.tokenGroups = tokenGroups;
    }

    /** {@code tokenGroups}: the provider's groups in the caller's verified access token; null when it used an API key. */
    public static Directory of(Directory directory, Identity caller, Set<String> tokenGroups) {
        if (directory.groupsFromToken().isEmpty()) {
            return directory;
        }
        return new CallerDirectory(directory, caller, tokenGroups == null ? Set.of() : Set.copyOf(tokenGroups));
    }

    @Override
    public Set<Identity> members(String group) {
        return directory.members(group);
    }

    @Override
    public Set<String> groupsOf(Identity identity) {
        Set<String> groups = directory.groupsOf(identity);
        if (!identity.equals(caller)) {
            return groups;
        }
        Map<String, String> fromToken = directory.groupsFromToken();
        return groups.stream().filter(g -> !fromToken.containsKey(g) || tokenGroups.contains(fromToken.get(g)))
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Optional<Identity> byEmail(String email) {
        return directory.byEmail(email);
    }

    @Override
    public Map<String, String> groupsFromToken() {
        return directory.groupsFromToken();
    }
}
