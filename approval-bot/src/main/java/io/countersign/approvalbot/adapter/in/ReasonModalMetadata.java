package io.countersign.approvalbot.adapter.in;

import io.countersign.schema.DecisionKind;

import java.util.Objects;

/**
 * What the reason modal carries through Slack in its {@code private_metadata}, from the click that
 * opened it to its submission: the decision, the request and the channel clicked in ({@code null} when
 * none). Text form {@code <decision>|<request id>|<channel>}, kept as it is so modals opened before a
 * bot restart still submit. A request id is {@code ar-<intent id>} and an intent id may hold a
 * {@code |}; the decision and a Slack channel id hold none, so the first and the last {@code |} separate.
 */
record ReasonModalMetadata(DecisionKind kind, String requestId, String channel) {

    ReasonModalMetadata {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(requestId, "requestId");
    }

    String format() {
        return kind.name() + "|" + requestId + "|" + channel;
    }

    /** The metadata {@link #format} wrote; {@link IllegalArgumentException} for anything else. */
    static ReasonModalMetadata parse(String text) {
        int first = text.indexOf('|');
        int last = text.lastIndexOf('|');
        if (first < 0 || first == last) {
            throw new IllegalArgumentException("reason modal metadata is not <decision>|<request id>|<channel>");
        }
        String channel = text.substring(last + 1);
        return new ReasonModalMetadata(DecisionKind.valueOf(text.substring(0, first)), text.substring(first + 1, last),
                channel.equals("null") ? null : channel);
    }
}
