package io.countersign.ingest.domain;

/**
 * A request the gateway refuses as the caller's mistake (HTTP 4xx): names the field at fault, as a
 * JSON path, and says how to fix it. Messages never repeat values from the request.
 */
public final class InvalidRequestException extends RuntimeException {

    private final String field;

    public InvalidRequestException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
