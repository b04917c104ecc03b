package io.countersign.approvals.domain;

import io.countersign.schema.ApproverAuthentication;
import io.countersign.schema.AuthenticationMethod;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Approver groups the organisation's identity provider decides ({@link Directory#groupsFromToken()}: directory
 * group to the provider's group). Per group, the directory chooses how:
 * <ul>
 *   <li>listed under {@code groups:} with members too: the list says who may ever decide, and the provider's
 *       group in the person's verified token says who may now;</li>
 *   <li>not listed (or listed empty): the provider alone says who is in it, so adding or removing someone at
 *       the provider is all it takes.</li>
 * </ul>
 * Either way, membership of such a group counts only when a channel that verifies the provider's tokens
 * ({@link #TOKEN_CHANNELS}: the approval API, with an access token or a step-up sign-in) signed the provider's
 * groups into the decision ({@link ApproverAuthentication#getGroups()}). A Slack or Teams click proves no
 * group at the provider, so it counts for none of these groups; the pipeline, which checks every decision
 * again, applies the same rule to the signed decision.
 */
public final class ProvenGroups {

    /** The channels whose signed decisions may attest the provider's groups. */
    public static final Set<String> TOKEN_CHANNELS = Set.of("api");
    private static final Set<AuthenticationMethod> TOKEN_METHODS = Set.of(AuthenticationMethod.OIDC_ACCESS_TOKEN, AuthenticationMethod.OIDC_STEP_UP,
            AuthenticationMethod.OIDC_SIGN_IN);

    private ProvenGroups() {
    }

    /**
     * The groups {@code identity} is in, given the provider's groups a channel verified for them
     * ({@code providerGroups}; null when nothing was verified, e.g. an API key or a chat click).
     */
    public static Set<String> groupsOf(Directory directory, Identity identity, Collection<String> providerGroups) {
        Map<String, String> fromToken = directory.groupsFromToken();
        Set<String> listed = directory.groupsOf(identity);
        Set<String> out = new HashSet<>();
        listed.stream().filter(g -> !fromToken.containsKey(g)).forEach(out::add);
        if (providerGroups != null) {
            fromToken.forEach((group, providerGroup) -> {
                boolean mayEver = listed.contains(group) || directory.members(group).isEmpty();
                if (mayEver && providerGroups.contains(providerGroup)) {
                    out.add(group);
                }
            });
        }
        return Set.copyOf(out);
    }

    /** The provider's groups a decision's signed authentication attests; null when its channel or method verifies no token. */
    public static List<String> attested(ApproverAuthentication authentication, String channel) {
        return authentication != null && TOKEN_METHODS.contains(authentication.getMethod()) && TOKEN_CHANNELS.contains(channel)
                ? List.copyOf(authentication.getGroups()) : null;
    }

    /** Of a verified token's groups claim, the ones the directory maps (all that a decision needs to carry). */
    public static List<String> mapped(Directory directory, Collection<String> tokenGroups) {
        if (tokenGroups == null) {
            return List.of();
        }
        return directory.groupsFromToken().values().stream().filter(tokenGroups::contains).distinct().sorted().toList();
    }

    /** Whether any of {@code groups} is one the provider alone or with the list decides (a chat click cannot prove it). */
    public static boolean anyFromToken(Directory directory, Collection<String> groups) {
        return groups.stream().anyMatch(directory.groupsFromToken()::containsKey);
    }

    /**
     * Whether a sign-in at the provider could make {@code identity} eligible for one of {@code groups}: one of them is
     * decided by the provider and either lists nobody (the provider alone) or lists them.
     */
    public static boolean provable(Directory directory, Identity identity, Collection<String> groups) {
        Set<String> listed = directory.groupsOf(identity);
        return groups.stream().filter(directory.groupsFromToken()::containsKey)
                .anyMatch(g -> listed.contains(g) || directory.members(g).isEmpty());
    }
}
