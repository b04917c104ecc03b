package io.countersign.ingest.domain;

import io.countersign.approvals.domain.Identity;
import io.countersign.contracts.ids.IntentId;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.Destination;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns an agent's {@link IntentRequest} into an {@link ActionIntent}: checks every field (errors name
 * the field and the rule), writes targets and destination in canonical form ({@link DatasetUris}),
 * stamps the authenticated agent and its owner, completes the delegation
 * chain, and chooses the intent id — derived from the idempotency key when there is one, so a retried
 * request names the same intent.
 *
 * <p>Facts the agent could lie about are not taken from the body: the environment is the API key's (or
 * the gateway's default), and a body naming another one is refused; {@code destination.external} is
 * recorded as sent (it is part of the intent hash agents already rely on) but policy ignores it and
 * decides from its own internal destinations.
 */
public final class IntentValidator {

    static final int MAX_TARGETS = 100;
    static final int MAX_CHAIN = 16;
    static final int MAX_PARAMETERS = 64;
    static final int MAX_PARAMETER_VALUE = 8_192;
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+){0,15}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private final Clock clock;
    private final Environment defaultEnvironment;

    /** A validator whose keys without an environment of their own send prod intents. */
    public IntentValidator(Clock clock) {
        this(clock, Environment.PROD);
    }

    public IntentValidator(Clock clock, Environment defaultEnvironment) {
        this.clock = clock;
        this.defaultEnvironment = defaultEnvironment;
    }

    public ActionIntent validate(IntentRequest r, Credential agent, String idempotencyHeader) {
        String action = required(r.action(), "action", 128);
        if (!ACTION.matcher(action).matches()) {
            throw new InvalidRequestException("action", "action must be a lower-case dotted name such as db.export or iam.role.grant");
        }
        Identity principal = identity(required(r.principal(), "principal", 256), "principal");
        List<String> chain = chain(r.delegationChain(), principal, agent.subject());
        List<String> targets = targets(r.targets());
        String key = idempotencyKey(r.idempotencyKey(), idempotencyHeader);
        String environment = environment(r.environment(), agent).value();
        return ActionIntent.newBuilder()
                .setIntentId(intentId(agent.subject(), key).value())
                .setOccurredAt(clock.instant())
                .setAgent(AgentRef.newBuilder().setId(agent.subject().value()).setOwner(agent.owner().value())
                        .setFramework(optional(r.framework(), "framework", 128)).setModel(optional(r.model(), "model", 128)).build())
                .setPrincipal(principal.value())
                .setDelegationChain(chain)
                .setAction(action)
                .setTargets(targets)
                .setDestination(destination(r.destination()))
                .setParameters(parameters(r.parameters()))
                .setReason(optional(r.reason(), "reason", 4_096))
                .setEnvironment(environment)
                .setIdempotencyKey(key)
                .build();
    }

    /** The key's environment; a body may repeat it but never choose another (policy treats prod differently). */
    private Environment environment(String claimed, Credential agent) {
        Environment own = agent.environment() != null ? agent.environment() : defaultEnvironment;
        if (claimed != null && !claimed.equals(own.value())) {
            throw new InvalidRequestException("environment", "environment differs from this API key's environment '" + own
                    + "'; the environment comes from the key: omit the field, or use a key created for that environment"
                    + " (countersign keys create --environment ...)");
        }
        return own;
    }

    /** Same agent and key, same id: a retry can never create a second intent. */
    static IntentId intentId(Identity agent, String idempotencyKey) {
        return idempotencyKey == null ? IntentId.random() : IntentId.forRetries(agent.value(), idempotencyKey);
    }

    private static List<String> chain(List<String> given, Identity principal, Identity agent) {
        List<String> chain = new ArrayList<>();
        if (given == null || given.isEmpty()) {
            chain.add(principal.value());
        } else {
            if (given.size() > MAX_CHAIN) {
                throw new InvalidRequestException("delegationChain", "delegationChain may hold at most " + MAX_CHAIN + " identities");
            }
            for (int i = 0; i < given.size(); i++) {
                chain.add(identity(given.get(i), "delegationChain[" + i + "]").value());
            }
            if (!chain.get(0).equals(principal.value())) {
                throw new InvalidRequestException("delegationChain[0]", "delegationChain must start with the principal the agent acts for");
            }
        }
        // The authenticated agent is always the last link, whatever the body says.
        if (!chain.get(chain.size() - 1).equals(agent.value())) {
            chain.add(agent.value());
        }
        return chain;
    }

    private static List<String> targets(List<String> targets) {
        if (targets == null || targets.isEmpty()) {
            throw new InvalidRequestException("targets", "targets must list at least one dataset or resource URI, e.g. pg://crm/customers");
        }
        if (targets.size() > MAX_TARGETS) {
            throw new InvalidRequestException("targets", "targets may list at most " + MAX_TARGETS + " URIs");
        }
        List<String> out = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            out.add(uri(targets.get(i), "targets[" + i + "]"));
        }
        return out;
    }

    private static Destination destination(IntentRequest.DestinationRequest d) {
        if (d == null) {
            return null;
        }
        return Destination.newBuilder().setUri(uri(d.uri(), "destination.uri")).setExternal(Boolean.TRUE.equals(d.external())).build();
    }

    private static Map<String, String> parameters(Map<String, String> parameters) {
        if (parameters == null) {
            return Map.of();
        }
        if (parameters.size() > MAX_PARAMETERS) {
            throw new InvalidRequestException("parameters", "parameters may hold at most " + MAX_PARAMETERS + " entries");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            if (e.getKey().isBlank() || e.getKey().length() > 128) {
                throw new InvalidRequestException("parameters", "parameter names must be 1-128 characters");
            }
            if (e.getValue() == null) {
                throw new InvalidRequestException("parameters." + e.getKey(), "parameter values must be strings, not null");
            }
            if (e.getValue().length() > MAX_PARAMETER_VALUE) {
                throw new InvalidRequestException("parameters." + e.getKey(), "parameter values may be at most " + MAX_PARAMETER_VALUE + " characters");
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private static String idempotencyKey(String body, String header) {
        if (body != null && header != null && !body.equals(header)) {
            throw new InvalidRequestException("idempotencyKey", "the Idempotency-Key header and the idempotencyKey field differ; send one or make them equal");
        }
        String key = body != null ? body : header;
        if (key != null && !PRINTABLE.matcher(key).matches()) {
            throw new InvalidRequestException("idempotencyKey", "idempotencyKey must be 1-255 printable ASCII characters without spaces");
        }
        return key;
    }

    /** The canonical form (see DatasetUri): the pipeline finds labels, and policy rules see datasets, by it. */
    private static String uri(String value, String field) {
        return DatasetUris.canonical(required(value, field, 2_048), field);
    }

    private static Identity identity(String value, String field) {
        try {
            return Identity.of(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, field + " must be an identity such as user:alice@example.com or agent:exporter");
        }
    }

    private static String required(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(field, field + " is required");
        }
        return optional(value, field, max);
    }

    private static String optional(String value, String field, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidRequestException(field, field + " may be at most " + max + " characters");
        }
        return value;
    }
}
