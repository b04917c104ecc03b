package io.countersign.ingest.domain;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/intents}, as an agent sends it. There is no agent field: the agent is the
 * authenticated caller, so a body can never claim to be another agent. Likewise {@code environment} may
 * only repeat the API key's environment, and {@code destination.external} is recorded but ignored: the
 * pipeline's policy decides which destinations are internal.
 */
public record IntentRequest(
        @JsonProperty("action") String action,
        @JsonProperty("principal") String principal,
        @JsonProperty("delegationChain") List<String> delegationChain,
        @JsonProperty("targets") List<String> targets,
        @JsonProperty("destination") DestinationRequest destination,
        @JsonProperty("parameters") Map<String, String> parameters,
        @JsonProperty("reason") String reason,
        @JsonProperty("environment") String environment,
        @JsonProperty("framework") String framework,
        @JsonProperty("model") String model,
        @JsonProperty("idempotencyKey") String idempotencyKey) {

    /** Where the action sends data. */
    public record DestinationRequest(@JsonProperty("uri") String uri, @JsonProperty("external") Boolean external) {
    }
}
