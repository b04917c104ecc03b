package io.countersign.teamsbot.adapter.out;

/**
 * A Bot Connector (or token endpoint) call that failed for good: a 4xx other than 429, or a 429/5xx/network
 * failure still failing after the bounded retries. Carries the HTTP status (0: no answer) and the service's
 * error code when it sent one; never the request or response body.
 */
public final class ConnectorException extends Exception {

    private final int status;
    private final String code;

    public ConnectorException(String operation, int status, String code) {
        super(operation + " failed: " + (status == 0 ? "no answer" : "HTTP " + status) + (code == null ? "" : " (" + code + ")"));
        this.status = status;
        this.code = code;
    }

    /** The HTTP status of the last answer, or 0 when none came. */
    public int status() {
        return status;
    }

    /** The {@code error.code} (Bot Connector) or {@code error} (token endpoint) of the answer, or null. */
    public String code() {
        return code;
    }

    /** Whether retrying the same call later could succeed (429, 5xx, no answer). */
    public boolean transientFailure() {
        return status == 0 || status == 429 || status >= 500;
    }
}
