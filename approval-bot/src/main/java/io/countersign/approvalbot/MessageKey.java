package io.countersign.approvalbot;

import java.util.Objects;
import java.util.Optional;

/**
 * One Slack message that shows an approval request: the request and where it is posted (the channel,
 * or an approver's DM). Its text form {@code <request id>|<destination>} keys the bot's state file
 * ({@link io.countersign.approvalbot.adapter.out.MessageRefs}, so it must not change) and the
 * {@link SlackRetries}. A request id is {@code ar-<intent id>}, and an intent id may hold a {@code |};
 * a destination (a Slack channel name or id, a user id) holds none, so the last {@code |} is the separator.
 */
record MessageKey(String requestId, String destination) {

    MessageKey {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(destination, "destination");
    }

    /** The text form: {@code <request id>|<destination>}. */
    String format() {
        return requestId + "|" + destination;
    }

    /** The message {@code key} names; empty for a key without {@code |} (a whole request's key in {@link SlackRetries}). */
    static Optional<MessageKey> parse(String key) {
        int bar = key.lastIndexOf('|');
        return bar < 0 ? Optional.empty() : Optional.of(new MessageKey(key.substring(0, bar), key.substring(bar + 1)));
    }
}
