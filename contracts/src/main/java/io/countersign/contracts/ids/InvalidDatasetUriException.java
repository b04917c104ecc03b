package io.countersign.contracts.ids;

/**
 * A dataset URI that cannot be brought to one canonical form safely. The message says what is wrong
 * and what to write instead; it never repeats the URI, which is agent-controlled text.
 */
public final class InvalidDatasetUriException extends IllegalArgumentException {

    public InvalidDatasetUriException(String message) {
        super(message);
    }
}
