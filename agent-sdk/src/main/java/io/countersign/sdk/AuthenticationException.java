package io.countersign.sdk;

/**
 * The gateway answered 401: the API key is missing, unknown, revoked or expired. Never retried,
 * because repeating the request with the same key cannot succeed. The message never contains the key.
 */
public class AuthenticationException extends CountersignException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from a gateway response. */
    public AuthenticationException(String message, int httpStatus, String errorCode, String field, String requestId) {
        super(message, null, httpStatus, errorCode, field, requestId);
    }
}
