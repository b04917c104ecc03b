package io.countersign.ingest.adapter.in.http;

/**
 * An HTTP error answered as is: status, machine-readable code and a message that says what to do.
 * Thrown by routes for authentication (401), permission (403), size (413) and rate (429) problems. A refusal of one
 * intent ({@link #ofIntent}) also names the intent's id, under which the refusal is in the audit log.
 */
final class HttpProblem extends RuntimeException {

    final int status;
    final String error;
    final String retryAfterSeconds;
    /** The refused intent's id, or null when the problem is not about one intent. */
    final String intentId;

    HttpProblem(int status, String error, String message) {
        this(status, error, message, null);
    }

    HttpProblem(int status, String error, String message, String retryAfterSeconds) {
        this(status, error, message, retryAfterSeconds, null);
    }

    private HttpProblem(int status, String error, String message, String retryAfterSeconds, String intentId) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
        this.intentId = intentId;
    }

    /** A refusal of the intent {@code intentId}: the answer carries the id, so the agent can quote it to the auditors. */
    static HttpProblem ofIntent(int status, String error, String message, String intentId) {
        return new HttpProblem(status, error, message, null, intentId);
    }
}
