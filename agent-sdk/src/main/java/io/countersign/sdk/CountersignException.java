package io.countersign.sdk;

/**
 * Base of every exception the SDK throws (unchecked, so agent code is not forced to wrap every call).
 *
 * <p>When the failure comes from a gateway response, the exception carries the HTTP status, the
 * gateway's machine-readable error code, the offending JSON field (if the gateway named one) and the
 * request id to quote when asking the operators. Messages never contain the API key or intent
 * parameter values.
 *
 * <pre>{@code
 * try {
 *     cs.submit(intent);
 * } catch (CountersignException e) {
 *     log.warn("rejected: {} (field {}, requestId {})", e.errorCode(), e.field(), e.requestId());
 * }
 * }</pre>
 */
public class CountersignException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final String errorCode;
    private final String field;
    private final String requestId;
    private final String refusedIntentId;

    /** A client-side failure with no HTTP response behind it. */
    public CountersignException(String message) {
        this(message, null, 0, null, null, null);
    }

    /** A client-side failure (for example a connection error) with its cause. */
    public CountersignException(String message, Throwable cause) {
        this(message, cause, 0, null, null, null);
    }

    /**
     * Full constructor.
     *
     * @param httpStatus the HTTP status, or 0 when the failure did not come from a response
     * @param errorCode the gateway's {@code error} code, or null
     * @param field the JSON path of the offending request field, or null
     * @param requestId the gateway's request id, or null
     */
    public CountersignException(String message, Throwable cause, int httpStatus, String errorCode,
                                String field, String requestId) {
        this(message, cause, httpStatus, errorCode, field, requestId, null);
    }

    /**
     * Full constructor for an error about one intent.
     *
     * @param refusedIntentId the refused intent's id (a 403 {@code principal_not_allowed} or {@code delegation_not_proven}
     *                 names it), or null
     */
    public CountersignException(String message, Throwable cause, int httpStatus, String errorCode,
                                String field, String requestId, String refusedIntentId) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.field = field;
        this.requestId = requestId;
        this.refusedIntentId = refusedIntentId;
    }

    /** The HTTP status of the gateway response, or 0 when the failure happened on the client side. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The gateway's machine-readable error code (the {@code error} member of the body), or null. */
    public String errorCode() {
        return errorCode;
    }

    /** The JSON path of the request field the gateway rejected (for example {@code targets[0]}), or null. */
    public String field() {
        return field;
    }

    /** The gateway's request id ({@code X-Request-Id}); quote it when reporting a problem. May be null. */
    public String requestId() {
        return requestId;
    }

    /**
     * The id of the intent the gateway refused, under which the refusal is in the audit log (a 403
     * {@code principal_not_allowed} or {@code delegation_not_proven}); null for other errors.
     */
    public String refusedIntentId() {
        return refusedIntentId;
    }
}
