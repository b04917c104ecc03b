package io.countersign.teamsbot.adapter.out;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.approvals.application.port.out.ApprovalChannel;
import io.countersign.approvals.domain.ApprovalCard;
import io.countersign.approvals.domain.ApprovalRules;
import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.DisplayText;
import io.countersign.approvals.domain.Identity;
import io.countersign.teamsbot.TeamsBotConfig;
import io.countersign.teamsbot.application.port.out.TeamsUsers;
import io.countersign.teamsbot.domain.ServiceUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Microsoft Teams as an {@link ApprovalChannel}: posts a request as an Adaptive Card in a new thread of the
 * configured Teams channel (its one destination), or (no channel configured) in the 1:1 chat of each eligible
 * approver the bot has met (one destination each, named by their identity); updates those messages with progress and outcome; and tells the principal the outcome in their 1:1
 * chat. A connector failure that may pass (429, 5xx, network) is a retryable {@link ChannelException}, any
 * other a permanent one. Logs request ids and conversation ids, never card content.
 */
public final class TeamsChannel implements ApprovalChannel {

    private static final Logger LOG = LoggerFactory.getLogger(TeamsChannel.class);
    public static final String NAME = "teams";

    private final TeamsBotConfig config;
    private final ConnectorClient connector;
    private final TeamsCards cards;
    private final TeamsUsers users;
    private final Directory directory;

    public TeamsChannel(TeamsBotConfig config, ConnectorClient connector, TeamsCards cards, TeamsUsers users, Directory directory) {
        this.config = config;
        this.connector = connector;
        this.cards = cards;
        this.users = users;
        this.directory = directory;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The configured Teams channel; else each person who may still decide and whom the bot has met (by id, to open their 1:1 chat). */
    @Override
    public List<String> destinations(ApprovalCard card) {
        if (config.postsToChannel()) {
            return List.of(config.channelId());
        }
        // Someone the bot has not met yet (the app not installed for them) is left out, and included once they are.
        return ApprovalRules.stillEligible(card, directory).stream().filter(approver -> users.byIdentity(approver).isPresent())
                .sorted(Comparator.comparing(Identity::value)).map(Identity::value).toList();
    }

    /** In a new thread of the Teams channel, or in the 1:1 chat of the approver {@code destination} names. */
    @Override
    public SentMessage post(String destination, ApprovalCard card) throws ChannelException {
        ObjectNode activity = cards.activity(card);
        if (config.postsToChannel()) {
            ConnectorClient.ConversationResource thread = connector(() -> connector.createConversation(defaultServiceUrl(),
                    ConnectorClient.channelConversation(config.appId(), destination, config.tenantId(), activity)));
            return new SentMessage(thread.id(), thread.activityId() != null ? thread.activityId() : thread.id());
        }
        Optional<TeamsUsers.TeamsUser> user = connector(() -> chatWith(Identity.of(destination)));
        if (user.isEmpty()) {
            throw new ChannelException(destination + " has no chat with the bot", true);
        }
        String conversation = user.get().personalConversationId();
        String id = connector(() -> connector.sendToConversation(new ServiceUrl(user.get().serviceUrl()), conversation, activity));
        LOG.debug("Approval request {} sent to the 1:1 chat of {}", card.requestId(), destination);
        return new SentMessage(conversation, id);
    }

    @Override
    public void update(SentMessage sent, ApprovalCard card) throws ChannelException {
        ObjectNode activity = cards.activity(card);
        ServiceUrl url = users.serviceUrlOf(sent.conversation()).map(ServiceUrl::new).orElseGet(this::defaultServiceUrl);
        connector(() -> {
            connector.updateActivity(url, sent.conversation(), sent.messageId(), activity);
            return null;
        });
    }

    @Override
    public void notifyRequester(ApprovalCard card) throws ChannelException {
        Identity principal;
        try {
            principal = Identity.of(card.principal());
        } catch (IllegalArgumentException e) {
            return; // not a person's identity: nobody to tell
        }
        Optional<TeamsUsers.TeamsUser> chat = connector(() -> chatWith(principal));
        if (chat.isEmpty()) {
            return;
        }
        ApprovalCard.Outcome o = card.outcome();
        // Plain text: Teams renders none of it as markup, so agent text cannot format or link.
        String text = DisplayText.cut("Countersign: the request of " + DisplayText.oneLine(card.agent().id()) + " to "
                + DisplayText.oneLine(card.action()) + " on your behalf was " + o.result().name().toLowerCase(Locale.ROOT)
                + (o.decisions().isEmpty() ? "" : " by " + String.join(", ", o.decisions().stream().map(v -> DisplayText.oneLine(v.approver())).toList()))
                + (o.message() == null ? "." : ": " + DisplayText.oneLine(o.message())), 2_000);
        ObjectNode message = JsonNodeFactory.instance.objectNode().put("type", "message").put("textFormat", "plain").put("text", text);
        connector(() -> connector.sendToConversation(new ServiceUrl(chat.get().serviceUrl()), chat.get().personalConversationId(), message));
    }

    /**
     * The person's 1:1 chat with the bot: the one they opened, or one created now when the bot knows their
     * Teams id (from a click in a channel) and the app is installed for them.
     */
    private Optional<TeamsUsers.TeamsUser> chatWith(Identity who) throws ConnectorException, InterruptedException {
        Optional<TeamsUsers.TeamsUser> user = users.byIdentity(who);
        if (user.isEmpty() || user.get().personalConversationId() != null) {
            return user;
        }
        ConnectorClient.ConversationResource chat = connector.createConversation(new ServiceUrl(user.get().serviceUrl()),
                ConnectorClient.personalConversation(config.appId(), user.get().teamsUserId(), config.tenantId()));
        TeamsUsers.TeamsUser withChat = user.get().withPersonalConversation(chat.id());
        users.remember(withChat);
        return Optional.of(withChat);
    }

    private ServiceUrl defaultServiceUrl() {
        return new ServiceUrl(config.serviceUrl());
    }

    /** One connector call. */
    @FunctionalInterface
    private interface ConnectorCall<T> {
        T run() throws ConnectorException, InterruptedException;
    }

    /** Runs {@code call}; a failure becomes a ChannelException, retryable when it may pass (429, 5xx, no answer, interrupted). */
    private static <T> T connector(ConnectorCall<T> call) throws ChannelException {
        try {
            return call.run();
        } catch (ConnectorException e) {
            throw new ChannelException(e.getMessage(), e.transientFailure());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelException("interrupted", true);
        }
    }
}
