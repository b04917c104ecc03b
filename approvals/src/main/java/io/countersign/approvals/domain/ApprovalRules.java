package io.countersign.approvals.domain;

import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.ApproverAuthentication;
import io.countersign.schema.AuthenticationMethod;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.IntentSummary;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may decide on an approval request, shared by every place a decision is taken or checked: the
 * decision pipeline (which has the last word), the approval API and the Slack bot (which refuse early,
 * with an explanation, so a person is told at once instead of seeing nothing happen). Nobody in the
 * delegation chain — the principal, every link, the agent and its owner — may decide, whatever groups
 * they are in; the approver must be in an eligible group; each person decides once; an approve may
 * need a reason; an approve of a step-up request needs a step-up sign-in.
 *
 * <p>Step-up is attested only by the approval API ({@link #STEP_UP_CHANNELS}): it is the one place that
 * verifies the identity provider's ID token (fresh {@code auth_time}, multi-factor {@code amr}/{@code acr})
 * reached through a one-time link. A decision signed by any other channel's key that claims a step-up is
 * not believed, so a stolen Slack or Teams bot key cannot pass a step-up rule.
 */
public final class ApprovalRules {

    /** Why a person may not make a decision. */
    public enum Refusal { IN_DELEGATION_CHAIN, NOT_ELIGIBLE, ALREADY_DECIDED_BY_APPROVER, REASON_REQUIRED, STEP_UP_REQUIRED }

    /** The channels whose signed decisions may attest a step-up sign-in. */
    public static final Set<String> STEP_UP_CHANNELS = Set.of("api");

    /** A refusal and the sentence that explains it to the person. */
    public record Refused(Refusal refusal, String detail) {
    }

    private ApprovalRules() {
    }

    /**
     * The first rule {@code approver} would break by deciding {@code kind} on {@code request}, given
     * the people who decided already and how the deciding {@code channel} authenticated them
     * ({@code authentication}, null when it says nothing); empty when the decision may be made.
     */
    public static Optional<Refused> check(ApprovalRequest request, Collection<String> decidedAlready, Identity approver,
                                          DecisionKind kind, String reason, Directory directory,
                                          ApproverAuthentication authentication, String channel) {
        if (delegationChain(request.getIntent()).contains(approver)) {
            return refuse(Refusal.IN_DELEGATION_CHAIN, approver + " is in the intent's delegation chain and may not decide on it");
        }
        Set<String> groups = ProvenGroups.groupsOf(directory, approver, ProvenGroups.attested(authentication, channel));
        if (request.getEligibleGroups().stream().noneMatch(groups::contains)) {
            return refuse(Refusal.NOT_ELIGIBLE, approver + " is not in any eligible group " + request.getEligibleGroups()
                    + (ProvenGroups.anyFromToken(directory, request.getEligibleGroups())
                    ? " (the identity provider must confirm " + fromToken(directory, request.getEligibleGroups()) + ")" : ""));
        }
        if (decidedAlready.stream().anyMatch(d -> approver.value().equals(d))) {
            return refuse(Refusal.ALREADY_DECIDED_BY_APPROVER, approver + " already decided on this request");
        }
        if (kind == DecisionKind.APPROVE && request.getRequireReasonOnApprove() && (reason == null || reason.isBlank())) {
            return refuse(Refusal.REASON_REQUIRED, "the policy requires a reason to approve");
        }
        if (kind == DecisionKind.APPROVE && request.getStepUp() && !steppedUp(authentication, channel)) {
            return refuse(Refusal.STEP_UP_REQUIRED, "the policy requires a fresh multi-factor sign-in to approve this request:"
                    + " approve through the one-time step-up link (denials need none)");
        }
        return Optional.empty();
    }

    /** Whether the decision comes with a step-up sign-in that a channel allowed to attest one has verified. */
    public static boolean steppedUp(ApproverAuthentication authentication, String channel) {
        return authentication != null && authentication.getMethod() == AuthenticationMethod.OIDC_STEP_UP
                && STEP_UP_CHANNELS.contains(channel);
    }

    /** Whether {@code approver} may decide on {@code request} at all (what lists of pending requests offer them). */
    public static boolean mayDecide(ApprovalRequest request, Collection<String> decidedAlready, Identity approver, Directory directory) {
        return mayDecide(request, decidedAlready, approver, directory, null, null);
    }

    /** As {@link #mayDecide(ApprovalRequest, Collection, Identity, Directory)}, authenticated as {@code authentication} through {@code channel}. */
    public static boolean mayDecide(ApprovalRequest request, Collection<String> decidedAlready, Identity approver, Directory directory,
                                    ApproverAuthentication authentication, String channel) {
        // A denial with a reason passes every rule about reasons: what is left is about the person.
        return check(request, decidedAlready, approver, DecisionKind.DENY, "reason", directory, authentication, channel).isEmpty();
    }

    /** The provider's groups that would make someone eligible for {@code groups}, as {@code group (provider group)}. */
    private static List<String> fromToken(Directory directory, Collection<String> groups) {
        return groups.stream().filter(directory.groupsFromToken()::containsKey)
                .map(g -> g + " (" + directory.groupsFromToken().get(g) + ")").sorted().toList();
    }

    /** Everyone who may not decide: the principal, every link of the chain, the agent and its owner. */
    public static Set<Identity> delegationChain(IntentSummary intent) {
        return chain(intent.getPrincipal(), intent.getDelegationChain(), intent.getAgent().getId(), intent.getAgent().getOwner());
    }

    /**
     * The people who may still decide on the open request {@code card} shows: members of its eligible groups,
     * minus the delegation chain, minus those who decided already (whom a channel offers live buttons).
     */
    public static Set<Identity> stillEligible(ApprovalCard card, Directory directory) {
        Set<Identity> out = new HashSet<>();
        card.progress().eligibleGroups().forEach(g -> out.addAll(directory.members(g)));
        out.removeAll(chain(card.principal(), card.delegationChain(), card.agent().id(), card.agent().owner()));
        card.progress().votes().forEach(v -> out.removeIf(i -> i.value().equals(v.approver())));
        return out;
    }

    private static Set<Identity> chain(String principal, Collection<String> links, String agent, String owner) {
        Set<Identity> chain = new HashSet<>();
        addQuietly(chain, principal);
        links.forEach(link -> addQuietly(chain, link));
        addQuietly(chain, agent);
        addQuietly(chain, owner);
        return chain;
    }

    private static Optional<Refused> refuse(Refusal refusal, String detail) {
        return Optional.of(new Refused(refusal, detail));
    }

    private static void addQuietly(Set<Identity> chain, String raw) {
        if (raw == null || raw.isBlank()) {
            return;
        }
        try {
            chain.add(Identity.of(raw));
        } catch (IllegalArgumentException e) {
            // An odd identity in the chain cannot match a valid approver identity anyway.
        }
    }
}
