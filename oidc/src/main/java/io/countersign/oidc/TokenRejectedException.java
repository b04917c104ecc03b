package io.countersign.oidc;

/**
 * A token that failed verification. The message names the check that failed, so a caller can be told
 * what to fix; it never carries the token or any of its claims' values.
 */
public final class TokenRejectedException extends Exception {

    public TokenRejectedException(String reason) {
        super(reason);
    }
}
