package io.countersign.sdk;

/**
 * The gateway answered 403: the API key is valid but its role may not perform this call (for example
 * reporting the execution of another agent's intent). Never retried.
 *
 * <p>Not to be confused with {@link IntentDeniedException}, which means policy or approvers denied
 * the intent itself.
 */
public class PermissionDeniedException extends CountersignException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from a gateway response. */
    public PermissionDeniedException(String message, int httpStatus, String errorCode, String field, String requestId) {
        this(message, httpStatus, errorCode, field, requestId, null);
    }

    /** Creates the exception from a gateway response that refused one intent, named by {@code refusedIntentId}. */
    public PermissionDeniedException(String message, int httpStatus, String errorCode, String field, String requestId, String refusedIntentId) {
        super(message, null, httpStatus, errorCode, field, requestId, refusedIntentId);
    }
}
