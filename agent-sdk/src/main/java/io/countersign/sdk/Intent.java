package io.countersign.sdk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An immutable action intent: what an agent wants to do, on whose behalf, to which targets, and why.
 * Submit it with {@link Countersign#submit(Intent)} or run an action under it with
 * {@link Countersign#guard(Intent, java.util.concurrent.Callable)}.
 *
 * <pre>{@code
 * Intent intent = Intent.action("db.export")
 *         .principal("user:alice@example.com")
 *         .delegationChain("user:alice@example.com", "agent:exporter")
 *         .target("pg://crm/customers")
 *         .destination("s3://partner/x.csv", true)
 *         .parameter("format", "csv")
 *         .reason("quarterly report")
 *         .build();
 * }</pre>
 *
 * <p>Every intent has an idempotency key; when none is given, {@link Builder#build()} generates a
 * random UUID, so the SDK's own retries of the submission never create a second intent.
 * {@link #toString()} shows only the action and targets: principals and parameter values may be
 * sensitive and end up in logs.
 */
public final class Intent {
    private final String action;
    private final String principal;
    private final List<String> delegationChain;
    private final List<String> targets;
    private final Destination destination;
    private final Map<String, Object> parameters;
    private final String reason;
    private final String environment;
    private final String framework;
    private final String model;
    private final String idempotencyKey;

    private Intent(Builder b) {
        action = b.action;
        principal = b.principal;
        delegationChain = Collections.unmodifiableList(new ArrayList<>(b.delegationChain));
        targets = Collections.unmodifiableList(new ArrayList<>(b.targets));
        destination = b.destination;
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.parameters));
        reason = b.reason;
        environment = b.environment;
        framework = b.framework;
        model = b.model;
        idempotencyKey = b.idempotencyKey != null ? b.idempotencyKey : UUID.randomUUID().toString();
    }

    /** Starts a builder for an intent to perform {@code action}, for example {@code "db.export"}. */
    public static Builder action(String action) {
        return new Builder(action);
    }

    // Accessors: the field names match the gateway's JSON members.

    /** The action, for example {@code db.export}. */
    public String action() { return action; }

    /** Who the agent acts for, for example {@code user:alice@example.com}. */
    public String principal() { return principal; }

    /** The delegation chain from the human to the acting agent; may be empty. */
    public List<String> delegationChain() { return delegationChain; }

    /** The datasets or resources acted on; never empty. */
    public List<String> targets() { return targets; }

    /** Where the data goes, or null. */
    public Destination destination() { return destination; }

    /** Action parameters (JSON-compatible values), in insertion order; may be empty. */
    public Map<String, Object> parameters() { return parameters; }

    /** Why the agent wants to act, or null. */
    public String reason() { return reason; }

    /** The environment, for example {@code prod}, or null. */
    public String environment() { return environment; }

    /** The agent framework, for example {@code langgraph}, or null. */
    public String framework() { return framework; }

    /** The model driving the agent, or null. */
    public String model() { return model; }

    /** The idempotency key (given or generated); never null. */
    public String idempotencyKey() { return idempotencyKey; }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Intent)) {
            return false;
        }
        Intent i = (Intent) o;
        return action.equals(i.action) && principal.equals(i.principal) && delegationChain.equals(i.delegationChain)
                && targets.equals(i.targets) && Objects.equals(destination, i.destination)
                && parameters.equals(i.parameters) && Objects.equals(reason, i.reason)
                && Objects.equals(environment, i.environment) && Objects.equals(framework, i.framework)
                && Objects.equals(model, i.model) && idempotencyKey.equals(i.idempotencyKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, principal, targets, idempotencyKey);
    }

    /** Shows action and targets only; everything else may be sensitive. */
    @Override
    public String toString() {
        return "Intent{action=" + action + ", targets=" + targets + "}";
    }

    /** Fluent builder for {@link Intent}; obtain one with {@link Intent#action(String)}. Not thread-safe. */
    public static final class Builder {
        private final String action;
        private String principal;
        private final List<String> delegationChain = new ArrayList<>();
        private final List<String> targets = new ArrayList<>();
        private Destination destination;
        private final Map<String, Object> parameters = new LinkedHashMap<>();
        private String reason;
        private String environment;
        private String framework;
        private String model;
        private String idempotencyKey;

        private Builder(String action) {
            this.action = action;
        }

        /** Who the agent acts for (required), for example {@code user:alice@example.com}. */
        public Builder principal(String principal) { this.principal = principal; return this; }

        /** Replaces the delegation chain, from the human to the acting agent. */
        public Builder delegationChain(String... chain) { return delegationChain(Arrays.asList(chain)); }

        /** Replaces the delegation chain, from the human to the acting agent. */
        public Builder delegationChain(List<String> chain) {
            delegationChain.clear();
            for (String link : chain) {
                delegationChain.add(requireText(link, "delegationChain entries"));
            }
            return this;
        }

        /** Adds one target (at least one is required), for example {@code pg://crm/customers}. */
        public Builder target(String target) {
            targets.add(requireText(target, "target"));
            return this;
        }

        /** Adds several targets. */
        public Builder targets(String... more) { return targets(Arrays.asList(more)); }

        /** Adds several targets. */
        public Builder targets(Collection<String> more) {
            for (String t : more) {
                target(t);
            }
            return this;
        }

        /**
         * Sets where the data goes. {@code external} is only the agent's view and is ignored for policy: the
         * pipeline decides from its configured internal destinations whether {@code uri} leaves the organisation.
         */
        public Builder destination(String uri, boolean external) {
            this.destination = new Destination(requireText(uri, "destination uri"), external);
            return this;
        }

        /** Adds a parameter; the value must be a String, Number, Boolean, enum, List or Map (sent as JSON). */
        public Builder parameter(String key, Object value) {
            parameters.put(requireText(key, "parameter key"), Parameters.freeze(key, value));
            return this;
        }

        /** Adds all the given parameters. */
        public Builder parameters(Map<String, ?> values) {
            values.forEach(this::parameter);
            return this;
        }

        /** Why the agent wants to act; shown to reviewers. */
        public Builder reason(String reason) { this.reason = reason; return this; }

        /**
         * The environment, for example {@code prod}; optional, because the gateway takes it from the API key.
         * A value other than the key's environment is refused with HTTP 400.
         */
        public Builder environment(String environment) { this.environment = environment; return this; }

        /** The agent framework, for example {@code langgraph}. */
        public Builder framework(String framework) { this.framework = framework; return this; }

        /** The model driving the agent, for example {@code gpt-5}. */
        public Builder model(String model) { this.model = model; return this; }

        /** A caller-chosen idempotency key; resubmitting the same key yields the same intent. */
        public Builder idempotencyKey(String key) { this.idempotencyKey = requireText(key, "idempotencyKey"); return this; }

        /**
         * Validates the required fields and builds the intent.
         *
         * @throws IllegalStateException naming the missing field and how to set it
         */
        public Intent build() {
            if (action == null || action.isBlank()) {
                throw new IllegalStateException("an intent needs an action: Intent.action(\"db.export\")");
            }
            if (principal == null || principal.isBlank()) {
                throw new IllegalStateException("intent '" + action + "' needs a principal (who the agent acts for):"
                        + " call .principal(\"user:alice@example.com\")");
            }
            if (targets.isEmpty()) {
                throw new IllegalStateException("intent '" + action + "' needs at least one target:"
                        + " call .target(\"pg://crm/customers\")");
            }
            return new Intent(this);
        }

        private static String requireText(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(what + " must not be null or blank");
            }
            return value;
        }
    }
}
