package io.countersign.processors.domain.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.Destination;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One case of a policy test file: an intent (only the fields the case cares about; the rest get
 * harmless defaults), the labels of its datasets, and what the policy is expected to answer. Absent
 * expectations are not checked, so a case can pin just the effect or everything.
 */
public record PolicyTestCase(@JsonProperty("name") String name,
                             @JsonProperty("intent") IntentForm intent,
                             @JsonProperty("labels") Map<String, List<String>> labels,
                             @JsonProperty("expect") Expectation expect) {

    /** The intent fields a case may set. */
    public record IntentForm(@JsonProperty("action") String action,
                             @JsonProperty("targets") List<String> targets,
                             @JsonProperty("destination") DestinationForm destination,
                             @JsonProperty("environment") String environment,
                             @JsonProperty("principal") String principal,
                             @JsonProperty("delegationChain") List<String> delegationChain,
                             @JsonProperty("agent") AgentForm agent,
                             @JsonProperty("parameters") Map<String, String> parameters,
                             @JsonProperty("reason") String reason,
                             @JsonProperty("principalProof") ProofForm principalProof) {
    }

    /** The identity provider's proof of the principal, as the audit records it: makes {@code principal.proven} true. */
    public record ProofForm(@JsonProperty("issuer") String issuer, @JsonProperty("actor") String actor) {
    }

    /** {@code external} is what the agent claims; policy ignores it and decides from its internalDestinations. */
    public record DestinationForm(@JsonProperty("uri") String uri, @JsonProperty("external") boolean external) {
    }

    public record AgentForm(@JsonProperty("id") String id, @JsonProperty("framework") String framework,
                            @JsonProperty("model") String model, @JsonProperty("owner") String owner) {
    }

    /** What the case expects; {@code rules} is the exact set of matched rule ids (order does not matter). */
    public record Expectation(@JsonProperty("effect") String effect,
                              @JsonProperty("rules") List<String> rules,
                              @JsonProperty("approvers") List<String> approvers,
                              @JsonProperty("quorum") Integer quorum,
                              @JsonProperty("ttl") String ttl,
                              @JsonProperty("requireReason") Boolean requireReason) {
    }

    /** The intent this case describes, as the pipeline would receive it. */
    ActionIntent toIntent(int index) {
        IntentForm f = intent == null ? new IntentForm(null, null, null, null, null, null, null, null, null, null) : intent;
        String principal = f.principal() != null ? f.principal() : "user:tester@example.com";
        AgentForm a = f.agent() != null ? f.agent() : new AgentForm("agent:policy-test", "test", null, null);
        List<String> chain = f.delegationChain() != null ? f.delegationChain() : new ArrayList<>(List.of(principal, a.id()));
        return ActionIntent.newBuilder()
                .setIntentId("policy-test-" + index)
                .setOccurredAt(Instant.EPOCH)
                .setAgent(AgentRef.newBuilder().setId(a.id()).setFramework(a.framework()).setModel(a.model()).setOwner(a.owner()).build())
                .setPrincipal(principal)
                .setDelegationChain(chain)
                .setAction(f.action() != null ? f.action() : "unspecified")
                .setTargets(f.targets() != null ? f.targets() : List.of())
                .setDestination(f.destination() == null ? null
                        : Destination.newBuilder().setUri(f.destination().uri()).setExternal(f.destination().external()).build())
                .setParameters(f.parameters() != null ? f.parameters() : Map.of())
                .setReason(f.reason())
                .setEnvironment(f.environment() != null ? f.environment() : "prod")
                .setDelegation(f.principalProof() == null ? null
                        : RecordedDelegation.of(f.principalProof().issuer(), principal, f.principalProof().actor(), Instant.EPOCH))
                .build();
    }
}
