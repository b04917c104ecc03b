package io.countersign.approvals.domain;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who belongs to which approver group, and how chat or e-mail identities map to directory identities.
 * The decision pipeline and the approval bot consult the same directory, so the bot's early refusals
 * and the pipeline's authoritative checks agree.
 */
public interface Directory {

    /** The members of {@code group}; empty when the group is unknown. */
    Set<Identity> members(String group);

    /** The groups {@code identity} belongs to. */
    Set<String> groupsOf(Identity identity);

    /** The directory identity for an e-mail address (as Slack's users.info reports it), if any. */
    Optional<Identity> byEmail(String email);

    /**
     * Groups whose membership the identity provider confirms: directory group to the provider's group that
     * must be in an approver's access token (its groups claim) for the approval API to count them in it.
     * Empty by default.
     */
    default Map<String, String> groupsFromToken() {
        return Map.of();
    }

    /** A directory from a map of group to members, for tests and embedded defaults. */
    static Directory of(Map<String, ? extends Collection<String>> groups) {
        return GroupDirectory.of(groups, Map.of());
    }
}
