package io.countersign.processors.domain.policy;

import io.countersign.schema.ActionIntent;
import io.countersign.schema.DelegationProof;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The variables policy conditions see, as plain maps and lists (no protobuf):
 * {@code intent} (action, agent, principal, delegationChain, targets, destination {uri, external},
 * parameters, environment, reason, principalProven: whether the identity provider proved that the
 * principal delegated the intent to the agent), {@code resource} (dataset to its labels), {@code labels} (every
 * target's labels together), {@code agent}, {@code principal} (id; proven; issuer and actor of the proof, empty
 * when unproven) and {@code env}. Missing optional fields
 * are given empty values (an intent without destination has {@code destination.external == false}),
 * so conditions need no {@code has()} guards. The intent given is the one {@link IntentFacts} derived, so
 * {@code destination.external} and {@code environment} are the policy's findings, not the agent's claims.
 */
final class PolicyVariables {

    private PolicyVariables() {
    }

    static Map<String, Object> of(ActionIntent intent, Map<String, List<String>> labelsByDataset) {
        Map<String, Object> agent = new HashMap<>();
        agent.put("id", intent.getAgent().getId());
        agent.put("framework", nz(intent.getAgent().getFramework()));
        agent.put("model", nz(intent.getAgent().getModel()));
        agent.put("owner", nz(intent.getAgent().getOwner()));
        Map<String, Object> destination = new HashMap<>();
        destination.put("uri", intent.getDestination() == null ? "" : intent.getDestination().getUri());
        destination.put("external", intent.getDestination() != null && intent.getDestination().getExternal());
        Map<String, Object> i = new HashMap<>();
        i.put("action", intent.getAction());
        i.put("agent", agent);
        i.put("principal", intent.getPrincipal());
        i.put("delegationChain", List.copyOf(intent.getDelegationChain()));
        i.put("targets", List.copyOf(intent.getTargets()));
        i.put("destination", destination);
        i.put("parameters", Map.copyOf(intent.getParameters()));
        i.put("environment", intent.getEnvironment());
        i.put("reason", nz(intent.getReason()));
        // Only a delegation proof whose signature the gate verified survives to here (Gate.verifiedDelegation).
        i.put("principalProven", intent.getDelegation() != null);
        Set<String> all = new LinkedHashSet<>();
        labelsByDataset.values().forEach(all::addAll);
        Map<String, Object> vars = new HashMap<>();
        vars.put("intent", i);
        vars.put("resource", labelsByDataset);
        vars.put("labels", List.copyOf(all));
        vars.put("agent", agent);
        vars.put("principal", principal(intent));
        vars.put("env", intent.getEnvironment());
        return vars;
    }

    private static Map<String, Object> principal(ActionIntent intent) {
        DelegationProof proof = intent.getDelegation();
        Map<String, Object> principal = new HashMap<>();
        principal.put("id", intent.getPrincipal());
        principal.put("proven", proof != null);
        principal.put("issuer", proof == null ? "" : proof.getIssuer());
        principal.put("actor", proof == null ? "" : proof.getActor());
        return principal;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
