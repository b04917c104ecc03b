package io.countersign.contracts.ids;

/**
 * Text that is not a valid {@link Label} or {@link IntentId}. The message says what the value may be;
 * it never repeats the value, which is usually agent-controlled text.
 */
public final class InvalidIdentifierException extends IllegalArgumentException {

    public InvalidIdentifierException(String message) {
        super(message);
    }
}
