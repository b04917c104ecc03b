package io.countersign.sdk;

import java.util.Objects;

/** A policy rule that matched an intent, part of a {@link Verdict}. */
public final class MatchedRule {
    /** What the rule asked for. */
    public enum Effect {
        /** Allow without review. */
        ALLOW,
        /** Require human review. */
        REVIEW,
        /** Deny. */
        DENY,
        /** A value this SDK version does not know. */
        UNKNOWN
    }

    private final String id;
    private final Effect effect;
    private final String description;

    MatchedRule(String id, Effect effect, String description) {
        this.id = id;
        this.effect = effect;
        this.description = description;
    }

    /** The rule id from the policy. */
    public String id() {
        return id;
    }

    /** The rule's effect. */
    public Effect effect() {
        return effect;
    }

    /** The rule's human-readable description, or null. */
    public String description() {
        return description;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MatchedRule)) {
            return false;
        }
        MatchedRule r = (MatchedRule) o;
        return Objects.equals(id, r.id) && effect == r.effect && Objects.equals(description, r.description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, effect, description);
    }

    @Override
    public String toString() {
        return id + "(" + effect + ")";
    }
}
