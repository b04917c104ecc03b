package io.countersign.ingest.domain;

import io.countersign.approvals.domain.Identity;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which principals (the humans an agent acts for) an API key may name in its intents: its owner and the
 * identities listed for it ({@code principals:} in the API keys file), or, only when listed as
 * {@value #ANY_MARK}, anyone. An agent's key must not let it claim to act for whomever it likes, since
 * the principal is what approvers, policy and the audit log take as the human behind the action.
 */
public record Principals(boolean any, Set<Identity> listed) {

    /** What the keys file lists to let a key name any principal (the behaviour before keys were restricted). */
    public static final String ANY_MARK = "*";
    /** The default: the key's owner only. */
    public static final Principals OWNER_ONLY = new Principals(false, Set.of());
    public static final Principals ANY = new Principals(true, Set.of());

    public Principals {
        listed = Set.copyOf(listed);
    }

    /**
     * The principals a keys file lists: none (or absent) is the owner only; {@value #ANY_MARK} alone is anyone;
     * otherwise identities ({@code user:alice@example.com}, a bare e-mail for {@code user:<email>}).
     */
    public static Principals parse(List<String> raw) {
        if (raw == null || raw.isEmpty()) {
            return OWNER_ONLY;
        }
        if (raw.contains(ANY_MARK)) {
            if (raw.size() > 1) {
                throw new IllegalArgumentException("principals: '" + ANY_MARK + "' (any principal) cannot be combined with identities");
            }
            return ANY;
        }
        Set<Identity> ids = new LinkedHashSet<>();
        raw.forEach(p -> ids.add(Identity.of(p)));
        return new Principals(false, ids);
    }

    /** Whether a key owned by {@code owner} may name {@code principal}. */
    public boolean allows(Identity principal, Identity owner) {
        return any || principal.equals(owner) || listed.contains(principal);
    }

    /** The principals allowed, for messages: "any principal" or the owner and the listed identities. */
    public String describe(Identity owner) {
        if (any) {
            return "any principal";
        }
        return Stream.concat(Stream.of(owner.value() + " (its owner)"), listed.stream().map(Identity::value).sorted())
                .collect(Collectors.joining(", "));
    }

    /** As the keys file writes them: null for the default (owner only). */
    public List<String> fileForm() {
        if (any) {
            return List.of(ANY_MARK);
        }
        return listed.isEmpty() ? null : listed.stream().map(Identity::value).sorted().toList();
    }
}
