package io.countersign.approvalbot.adapter.out;

import com.slack.api.model.block.LayoutBlock;
import io.countersign.approvalbot.domain.RequestMessage;
import io.countersign.approvals.application.port.out.ApprovalChannel;
import io.countersign.approvals.domain.ApprovalCard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Slack as an {@link ApprovalChannel}, driven by the approvals core's {@code ApprovalDispatcher}: a request
 * goes to its {@link Destinations} (the channel its rule routes to, its group's channel or the default one; or
 * a DM to each person who may decide it), rendered by {@link RequestMessage}; updates show progress, then the
 * outcome, with the verdict posted in the message's thread; the principal hears the outcome in a DM.
 *
 * <p>A message Slack refuses for good ({@code invalid_blocks}, {@code msg_too_long}) is logged with the request
 * id and Slack's error code, never sent again, and replaced by a short message linking the dashboards
 * ({@link RequestMessage#unrenderable}); when Slack refuses that too (say {@code channel_not_found}) the failure
 * is permanent and the dispatcher leaves that destination until restart. What Slack answers as busy or broken
 * (rate limits after their {@code Retry-After}, 5xx, network: see {@link SlackClient}) is retryable. Logs
 * request ids, destinations and Slack's error codes, never message content.
 */
public final class SlackChannel implements ApprovalChannel {

    private static final Logger LOG = LoggerFactory.getLogger(SlackChannel.class);
    /** The channel Slack decisions carry and are signed for. */
    public static final String NAME = "slack";

    /** One Slack call of a message. */
    @FunctionalInterface
    private interface Send<T> {
        T run() throws SlackClient.SlackFailure;
    }

    private final SlackClient slack;
    private final Destinations destinations;
    private final RequestMessage message;
    private long refused;

    public SlackChannel(SlackClient slack, Destinations destinations, RequestMessage message) {
        this.slack = slack;
        this.destinations = destinations;
        this.message = message;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> destinations(ApprovalCard card) throws ChannelException {
        return slack(() -> destinations.of(card));
    }

    @Override
    public SentMessage post(String destination, ApprovalCard card) throws ChannelException {
        SlackClient.MessageRef ref = slack(() -> orFallback(card, destination,
                () -> slack.post(destination, message.fallback(card), message.open(card)),
                () -> slack.post(destination, message.fallback(card), message.unrenderable(card))));
        return new SentMessage(ref.channel(), ref.ts());
    }

    /** Shows the progress, or the outcome with the verdict in the message's thread once {@code card} is closed. */
    @Override
    public void update(SentMessage sent, ApprovalCard card) throws ChannelException {
        SlackClient.MessageRef ref = new SlackClient.MessageRef(sent.conversation(), sent.messageId());
        slack(() -> orFallback(card, sent.conversation(), () -> update(ref, card, card.open() ? message.open(card) : message.closed(card)),
                () -> update(ref, card, message.unrenderable(card))));
        if (!card.open()) {
            slack(() -> {
                slack.reply(ref, message.verdictReply(card));
                return null;
            });
        }
    }

    /** A DM to the principal, found in Slack by the e-mail of their {@code user:} identity; nobody to tell otherwise. */
    @Override
    public void notifyRequester(ApprovalCard card) throws ChannelException {
        String principal = card.principal();
        if (principal == null || !principal.startsWith("user:") || !principal.contains("@")) {
            return;
        }
        Optional<String> user = slack(() -> slack.userIdByEmail(principal.substring("user:".length())));
        if (user.isPresent()) {
            slack(() -> slack.post(user.get(), message.requesterNotice(card), null));
        }
    }

    private Void update(SlackClient.MessageRef ref, ApprovalCard card, List<LayoutBlock> blocks) throws SlackClient.SlackFailure {
        slack.update(ref, message.fallback(card), blocks);
        return null;
    }

    /** The full message; if Slack refuses it for good, the short one that links the dashboards instead. */
    private <T> T orFallback(ApprovalCard card, String destination, Send<T> full, Send<T> fallback) throws SlackClient.SlackFailure {
        try {
            return full.run();
        } catch (SlackClient.SlackFailure e) {
            if (!e.permanent()) {
                throw e;
            }
            refused++;
            LOG.error("Slack refused the message for approval request {} in {} ({}; {} refused since start); not retried, posting a link"
                    + " to the dashboards instead", card.requestId(), destination, e.error(), refused);
            return fallback.run();
        }
    }

    /** Runs Slack calls; a failure becomes a ChannelException with Slack's error code, retryable unless Slack refused the call itself. */
    private static <T> T slack(Send<T> call) throws ChannelException {
        try {
            return call.run();
        } catch (SlackClient.SlackFailure e) {
            throw new ChannelException(e.error(), !e.permanent());
        }
    }
}
