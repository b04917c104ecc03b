package io.countersign.ingest.domain;

import java.util.Objects;

/**
 * Why the gateway refused an intent for whom it claims to act for: the {@link Kind} (which the agent gets as
 * the 403's error code) and what failed, in the gateway's own words (never what the token or the body said,
 * so it may be recorded and audited as it is).
 */
public record PrincipalRefusal(Kind kind, String reason) {

    /** The two ways a principal is refused; {@link #error()} is the code the agent is answered. */
    public enum Kind {
        /** No delegation token, and the key may not name this principal. */
        PRINCIPAL_NOT_ALLOWED("principal_not_allowed"),
        /** A delegation token was sent and proves nothing: refused, or for another principal or actor. */
        DELEGATION_NOT_PROVEN("delegation_not_proven");

        private final String error;

        Kind(String error) {
            this.error = error;
        }

        /** The stable error code of the 403, of the metric's {@code result} tag and of the audited refusal. */
        public String error() {
            return error;
        }
    }

    public PrincipalRefusal {
        Objects.requireNonNull(kind, "kind");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a refusal says why");
        }
    }
}
