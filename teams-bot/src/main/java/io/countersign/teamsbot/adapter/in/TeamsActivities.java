package io.countersign.teamsbot.adapter.in;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.countersign.approvals.application.port.in.DecisionResult;
import io.countersign.approvals.application.port.in.SubmitDecisionCommand;
import io.countersign.approvals.application.port.in.SubmitDecisionUseCase;
import io.countersign.approvals.application.port.out.ApprovalViews;
import io.countersign.approvals.domain.ApprovalCard;
import io.countersign.approvals.domain.ApprovalCards;
import io.countersign.approvals.domain.ApprovalRules;
import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.Identity;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.AuthenticationMethod;
import io.countersign.schema.DecisionKind;
import io.countersign.teamsbot.adapter.out.AdaptiveCards;
import io.countersign.teamsbot.adapter.out.ConnectorClient;
import io.countersign.teamsbot.adapter.out.TeamsCards;
import io.countersign.teamsbot.adapter.out.TeamsChannel;
import io.countersign.teamsbot.adapter.out.TeamsIdentities;
import io.countersign.teamsbot.application.ActivityHandler;
import io.countersign.teamsbot.application.Reply;
import io.countersign.teamsbot.domain.Activity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.Optional;

/**
 * What the Teams bot does with an authenticated activity. An {@code adaptiveCard/action} invoke (a click on
 * Approve, Deny or a card refresh) is answered synchronously: the clicker is mapped to the approver directory
 * ({@link TeamsIdentities}), a decision goes through the {@link SubmitDecisionUseCase} as channel
 * {@code teams}, and the answer is the updated card, or a message saying why nothing was recorded (delegation
 * chain, not eligible, already decided, unknown person). The same click from a client without Universal
 * Actions arrives as a message with the {@code Action.Submit} data and is answered with a reply in the
 * conversation. Any other activity from a 1:1 chat (installing the app, a message) only introduces the person.
 */
public final class TeamsActivities implements ActivityHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TeamsActivities.class);
    private static final int MAX_ID = 200;

    private final TeamsIdentities identities;
    private final SubmitDecisionUseCase decisions;
    private final ApprovalViews views;
    private final Directory directory;
    private final TeamsCards cards;
    private final ConnectorClient connector;
    private final InstantSource clock;

    public TeamsActivities(TeamsIdentities identities, SubmitDecisionUseCase decisions, ApprovalViews views, Directory directory,
                           TeamsCards cards, ConnectorClient connector, InstantSource clock) {
        this.identities = identities;
        this.decisions = decisions;
        this.views = views;
        this.directory = directory;
        this.cards = cards;
        this.connector = connector;
        this.clock = clock;
    }

    @Override
    public Reply handle(Activity activity) throws Exception {
        if (activity.isAdaptiveCardAction()) {
            JsonNode action = activity.value() == null ? null : activity.value().path("action");
            if (action == null || !action.path("verb").isTextual()) {
                return new Reply(200, TeamsCards.invokeMessage("This card action is not one Countersign knows."));
            }
            return new Reply(200, act(activity, action.path("verb").asText(), action.path("data")));
        }
        if ("message".equals(activity.type()) && activity.value() != null && activity.value().path("verb").isTextual()) {
            // Action.Submit fallback: no synchronous card answer exists; reply in the conversation.
            JsonNode answer = act(activity, activity.value().path("verb").asText(), activity.value());
            String text = answer.path("type").asText().endsWith("message") ? answer.path("value").asText() : "Your decision was recorded.";
            connector.sendToConversation(activity.serviceUrl(), activity.conversationId(), JsonNodeFactory.instance.objectNode()
                    .put("type", "message").put("textFormat", "plain").put("text", text).put("replyToId", activity.id()));
            return Reply.OK;
        }
        if (activity.personalChat() && activity.fromId() != null) {
            identities.resolve(activity); // remembers the 1:1 chat, so requests can be sent there
        }
        return Reply.OK;
    }

    private JsonNode act(Activity activity, String verb, JsonNode data) throws Exception {
        String requestId = data.path("requestId").asText("");
        if (requestId.isBlank() || requestId.length() > MAX_ID) {
            return TeamsCards.invokeMessage("This card names no approval request.");
        }
        TeamsIdentities.Resolved who = identities.resolve(activity);
        if (AdaptiveCards.REFRESH.equals(verb)) {
            return refresh(requestId, who.identity());
        }
        DecisionKind kind = AdaptiveCards.APPROVE.equals(verb) ? DecisionKind.APPROVE : AdaptiveCards.DENY.equals(verb) ? DecisionKind.DENY : null;
        if (kind == null) {
            return TeamsCards.invokeMessage("This card action is not one Countersign knows.");
        }
        if (who.identity().isEmpty()) {
            return TeamsCards.invokeMessage("Nothing was recorded: your Teams account (" + who.address()
                    + ") is not in Countersign's approver directory. Ask your Countersign administrator to add you.");
        }
        String reason = data.path("reason").isTextual() ? data.path("reason").asText() : null;
        DecisionResult result = decisions.submit(new SubmitDecisionCommand(requestId, who.identity().get(), kind, reason,
                TeamsChannel.NAME, activity.fromAadObjectId(), AuthenticationMethod.TEAMS_BOT_TOKEN));
        if (result instanceof DecisionResult.StepUpRequired stepUp) {
            return TeamsCards.invokeStepUp(stepUp.link(), stepUp.expiresAt(), stepUp.multiFactor());
        }
        if (result instanceof DecisionResult.Refused refused) {
            LOG.info("Teams decision on {} refused: {}", requestId, refused.code());
            return TeamsCards.invokeMessage("Nothing was recorded: " + refused.message() + ".");
        }
        return refresh(requestId, who.identity());
    }

    /** The card as {@code who} should see it now: buttons only while they may still decide. */
    private JsonNode refresh(String requestId, Optional<Identity> who) {
        Optional<ApprovalViews.Open> open = views.open(requestId);
        if (open.isPresent()) {
            ApprovalCard card = ApprovalCards.open(open.get().request(), open.get().decisions(), clock.instant());
            boolean mayDecide = who.isPresent() && ApprovalRules.mayDecide(open.get().request(),
                    open.get().decisions().stream().map(ApprovalDecision::getApprover).toList(), who.get(), directory);
            return cards.invokeCard(card, mayDecide);
        }
        return views.closed(requestId).<JsonNode>map(c -> cards.invokeCard(ApprovalCards.closed(c.request(), c.verdict()), false))
                .orElseGet(() -> TeamsCards.invokeMessage("This approval request is no longer open."));
    }
}
