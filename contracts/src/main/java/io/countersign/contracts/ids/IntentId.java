package io.countersign.contracts.ids;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * The id of an action intent: the key of {@code countersign.intents}, {@code countersign.verdicts},
 * {@code countersign.executions} and the audit topics, and the {@code {id}} of {@code /v1/intents/{id}}.
 * The gateway issues UUIDs ({@link #random}, or {@link #forRetries} when the agent sends an idempotency
 * key); agents that write to Kafka themselves choose their own. Any id is 1-128 visible characters: no
 * whitespace, control, invisible (format), unassigned or private-use characters, so an id shows as
 * what it is in logs, the audit and the approvers' messages; and at most 384 bytes in UTF-8, so it
 * fits an OpenSearch document id (512 bytes at most), which is what the audit index keys intents by.
 */
public record IntentId(String value) {

    /** The longest id, in UTF-16 characters. */
    public static final int MAX_LENGTH = 128;

    public IntentId {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new InvalidIdentifierException("an intent id is 1-" + MAX_LENGTH + " characters; use the intentId returned by POST /v1/intents");
        }
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (!visible(cp)) {
                throw new InvalidIdentifierException("an intent id holds no whitespace, control, invisible or unassigned characters;"
                        + " use the intentId returned by POST /v1/intents");
            }
            i += Character.charCount(cp);
        }
    }

    /** The id {@code raw} is, or {@link InvalidIdentifierException} saying what an id may be. */
    public static IntentId parse(String raw) {
        return new IntentId(raw);
    }

    /** The id {@code raw} is, or empty when it cannot be one. */
    public static Optional<IntentId> tryParse(String raw) {
        try {
            return Optional.of(new IntentId(raw));
        } catch (InvalidIdentifierException e) {
            return Optional.empty();
        }
    }

    /** A new id for an intent submitted without an idempotency key. */
    public static IntentId random() {
        return new IntentId(UUID.randomUUID().toString());
    }

    /**
     * The id of the intent {@code agent} submits with {@code idempotencyKey}: a name-based UUID of both,
     * so a retried submission names the same intent and can never create a second one.
     */
    public static IntentId forRetries(String agent, String idempotencyKey) {
        return new IntentId(UUID.nameUUIDFromBytes((agent + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString());
    }

    private static boolean visible(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return false;
        }
        int type = Character.getType(cp);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE && type != Character.SURROGATE;
    }

    @Override
    public String toString() {
        return value;
    }
}
