package io.countersign.ingest.adapter.in.http;

/**
 * An HTTP error answered as is: status, machine-readable code and a message that says what to do.
 * Thrown by routes for authentication (401), permission (403), size (413) and rate (429) problems.
 */
final class HttpProblem extends RuntimeException {

    final int status;
    final String error;
    final String retryAfterSeconds;

    HttpProblem(int status, String error, String message) {
        this(status, error, message, null);
    }

    HttpProblem(int status, String error, String message, String retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }
}
