package io.countersign.teamsbot.adapter.out;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.approvals.application.port.out.BlastRadiusLookup;
import io.countersign.approvals.domain.ApprovalCard;
import io.countersign.approvals.domain.ApprovalRules;
import io.countersign.approvals.domain.DashboardLinks;
import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.DisplayText;
import io.countersign.teamsbot.application.port.out.TeamsUsers;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The Adaptive Card of a request as Teams shows it, wrapped for the places it goes: in a message activity
 * (what the bot posts and updates) and in an invoke response (the answer to a click or a refresh, which also
 * gets the blast radius of the targets: the card it replaces showed one). Links the targets' dataset pages in
 * the dashboards when their address is configured. Fills
 * {@code refresh.userIds} with the Teams ids of the people who may still decide and whom the bot has met
 * ({@link TeamsUsers}): Teams shows them live buttons, everyone else the status.
 */
public final class TeamsCards {

    static final String CARD_TYPE = "application/vnd.microsoft.card.adaptive";
    private static final String MESSAGE_TYPE = "application/vnd.microsoft.activity.message";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Directory directory;
    private final TeamsUsers users;
    private final BlastRadiusLookup blastRadius;
    private final DashboardLinks dashboards;

    /** Without blast radius and dashboard links. */
    public TeamsCards(Directory directory, TeamsUsers users) {
        this(directory, users, BlastRadiusLookup.NONE, null);
    }

    /** Answering refreshes with {@code blastRadius}; linking dataset pages in the dashboards at {@code dashboardsUrl} (null: none). */
    public TeamsCards(Directory directory, TeamsUsers users, BlastRadiusLookup blastRadius, String dashboardsUrl) {
        this.directory = directory;
        this.users = users;
        this.blastRadius = blastRadius;
        this.dashboards = dashboardsUrl == null ? null : new DashboardLinks(dashboardsUrl);
    }

    /** The message activity carrying {@code card} for everyone in the conversation. */
    public ObjectNode activity(ApprovalCard card) {
        ObjectNode activity = JSON.objectNode().put("type", "message")
                .put("summary", (card.open() ? "Approval requested: " : "Approval request closed: ")
                        + DisplayText.cut(DisplayText.oneLine(card.action()), 100)); // plain text: a notification preview
        activity.putArray("attachments").addObject().put("contentType", CARD_TYPE)
                .set("content", AdaptiveCards.render(card, refreshIds(card), true, dashboards));
        return activity;
    }

    /** The invoke response showing {@code card} (with its blast radius) to the person who clicked, with buttons only if {@code actionable}. */
    public ObjectNode invokeCard(ApprovalCard card, boolean actionable) {
        ObjectNode response = JSON.objectNode().put("statusCode", 200).put("type", CARD_TYPE);
        ApprovalCard shown = card.blastRadius() == null ? blastRadius.addTo(card) : card;
        response.set("value", AdaptiveCards.render(shown, refreshIds(shown), actionable, dashboards));
        return response;
    }

    /** The invoke response that shows {@code text} to the person who clicked and leaves the card as it is. */
    public static ObjectNode invokeMessage(String text) {
        return JSON.objectNode().put("statusCode", 200).put("type", MESSAGE_TYPE).put("value", text);
    }

    /**
     * The invoke response for an approve that needs step-up: a card, shown only to the person who clicked,
     * with the one-time link to the step-up page ({@code url} is Countersign's own, never agent text): a multi-factor
     * sign-in for a step-up rule, otherwise a sign-in so the identity provider confirms the approver's group.
     */
    public static ObjectNode invokeStepUp(String url, Instant expiresAt, boolean multiFactor) {
        ObjectNode card = JSON.objectNode().put("type", "AdaptiveCard").put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
                .put("version", "1.5");
        card.putArray("body").addObject().put("type", "TextBlock").put("wrap", true)
                .put("text", (multiFactor ? "This request needs a fresh multi-factor sign-in to approve."
                        : "Your identity provider must confirm that you are in an approver group for this request.")
                        + " Open the link, sign in again and confirm."
                        + " It is for you only and valid until " + DateTimeFormatter.ISO_INSTANT.format(expiresAt.truncatedTo(ChronoUnit.SECONDS))
                        + ". Nothing was recorded yet.");
        card.putArray("actions").addObject().put("type", "Action.OpenUrl").put("title", multiFactor ? "Approve with multi-factor sign-in" : "Approve after signing in").put("url", url);
        return JSON.objectNode().put("statusCode", 200).put("type", CARD_TYPE).set("value", card);
    }

    /** The Teams ids of the people who may still decide on {@code card}'s request, as far as the bot knows them. */
    List<String> refreshIds(ApprovalCard card) {
        if (!card.open()) {
            return List.of();
        }
        return ApprovalRules.stillEligible(card, directory).stream().map(users::byIdentity).flatMap(Optional::stream)
                .map(TeamsUsers.TeamsUser::teamsUserId).sorted().toList();
    }
}
