package io.countersign.ingest.domain.openlineage;

/**
 * An OpenLineage event that does not follow the spec: {@link #field()} is the JSON path at fault (for
 * example {@code run.runId} or {@code outputs[1].name}) and the message says what the spec expects.
 */
public final class InvalidEventException extends RuntimeException {

    private final String field;

    public InvalidEventException(String field, String message) {
        super(field + ": " + message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
