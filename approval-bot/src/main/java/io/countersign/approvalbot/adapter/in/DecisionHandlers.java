package io.countersign.approvalbot.adapter.in;

import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.view.View;
import io.countersign.approvalbot.adapter.out.SlackClient;
import io.countersign.approvalbot.adapter.out.SlackIdentities;
import io.countersign.approvalbot.domain.Mrkdwn;
import io.countersign.approvalbot.domain.RequestMessage;
import io.countersign.approvals.adapter.in.kafka.PendingApprovals;
import io.countersign.approvals.application.port.in.DecisionResult;
import io.countersign.approvals.application.port.in.SubmitDecisionCommand;
import io.countersign.approvals.application.port.in.SubmitDecisionUseCase;
import io.countersign.approvals.domain.Identity;
import io.countersign.schema.AuthenticationMethod;
import io.countersign.schema.DecisionKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import static com.slack.api.model.block.Blocks.asBlocks;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

/**
 * What happens when an approver clicks. Every request has already passed Bolt's signature and
 * timestamp check. The click is acknowledged at once (Slack allows 3 s) and decided after: the Slack
 * user is mapped to a directory identity and the decision handed to the approvals core's
 * {@link SubmitDecisionUseCase}, which applies the pipeline's own rules: an ineligible person, someone in
 * the delegation chain or someone who decided already is told why in an ephemeral message and nothing is
 * written; an accepted click becomes a signed decision on {@code countersign.approval-decisions}. Deny — and approve where the policy wants a reason — opens a
 * modal that requires one.
 */
public final class DecisionHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionHandlers.class);
    static final String REASON_VIEW = "countersign-reason";

    /** The channel Slack decisions are signed and recorded as. */
    public static final String CHANNEL = "slack";

    private final PendingApprovals approvals;
    private final SlackIdentities identities;
    private final SlackClient slack;
    private final SubmitDecisionUseCase decisions;
    private final ExecutorService work;

    /** {@code decisions} must sign the {@value #CHANNEL} channel's decisions with the bot's key. */
    public DecisionHandlers(PendingApprovals approvals, SlackIdentities identities, SlackClient slack, SubmitDecisionUseCase decisions,
                            ExecutorService work) {
        this.approvals = approvals;
        this.identities = identities;
        this.slack = slack;
        this.decisions = decisions;
        this.work = work;
    }

    public void register(App app) {
        app.blockAction(RequestMessage.APPROVE, (req, ctx) -> click(req, ctx, DecisionKind.APPROVE));
        app.blockAction(RequestMessage.DENY, (req, ctx) -> click(req, ctx, DecisionKind.DENY));
        app.viewSubmission(REASON_VIEW, (req, ctx) -> {
            View v = req.getPayload().getView();
            ReasonModalMetadata meta = ReasonModalMetadata.parse(v.getPrivateMetadata());
            var value = v.getState().getValues().getOrDefault("reason", Map.of()).get("reason");
            String reason = value == null ? null : value.getValue();
            if (reason == null || reason.isBlank()) {
                return ctx.ack(r -> r.responseAction("errors").errors(Map.of("reason", "A reason is required")));
            }
            String user = req.getPayload().getUser().getId();
            work.submit(() -> decide(meta.requestId(), meta.channel(), user, meta.kind(), reason.strip()));
            return ctx.ack();
        });
    }

    private Response click(BlockActionRequest req, ActionContext ctx, DecisionKind kind) {
        var payload = req.getPayload();
        String requestId = payload.getActions().get(0).getValue();
        String channel = payload.getChannel() == null ? null : payload.getChannel().getId();
        String user = payload.getUser().getId();
        boolean needsReason = kind == DecisionKind.DENY
                || approvals.get(requestId).map(p -> p.request().getRequireReasonOnApprove()).orElse(false);
        if (needsReason) {
            // trigger_id is valid for 3 seconds: the modal opens now, the checks run on submission.
            work.submit(() -> quietly(() -> slack.openModal(payload.getTriggerId(), reasonModal(kind, requestId, channel))));
        } else {
            work.submit(() -> decide(requestId, channel, user, kind, null));
        }
        return ctx.ack();
    }

    private void decide(String requestId, String channel, String user, DecisionKind kind, String reason) {
        try {
            Optional<Identity> who = identities.of(user);
            if (who.isEmpty()) {
                tell(channel, user, "Your Slack account's e-mail maps to no one in Countersign's approver directory, so you cannot decide."
                        + " Ask an administrator to add you.");
                return;
            }
            DecisionResult result = decisions.submit(new SubmitDecisionCommand(requestId, who.get(), kind, reason, CHANNEL, user,
                    AuthenticationMethod.SLACK_SIGNED_REQUEST));
            if (result instanceof DecisionResult.StepUpRequired stepUp) {
                // Ephemeral: only the person who clicked sees the link bound to them.
                tell(channel, user, (stepUp.multiFactor() ? "This request needs a fresh multi-factor sign-in to approve: "
                        : "Your identity provider must confirm that you are in an approver group for this request: ")
                        + Mrkdwn.link(stepUp.link(), "approve after signing in again") + " (for you only, valid until "
                        + DateTimeFormatter.ISO_INSTANT.format(stepUp.expiresAt().truncatedTo(ChronoUnit.SECONDS)) + "). Nothing was recorded yet.");
            }
            if (result instanceof DecisionResult.Refused refused) {
                tell(channel, user, switch (refused.code()) {
                    case NOT_FOUND, ALREADY_DECIDED -> "This request is already decided or has expired.";
                    case UNAVAILABLE -> "Your decision could not be recorded right now (Countersign is unavailable); please click again in a minute.";
                    // The detail can name people and groups: escaped like every other text the bot sends.
                    default -> "Not recorded: " + Mrkdwn.text(refused.message(), 1000) + ".";
                });
            }
        } catch (SlackClient.SlackFailure e) {
            LOG.warn("Could not handle a click on {}: {}", requestId, e.getMessage());
        }
    }

    private void tell(String channel, String user, String text) {
        if (channel != null) {
            quietly(() -> slack.ephemeral(channel, user, text));
        }
    }

    static View reasonModal(DecisionKind kind, String requestId, String channel) {
        String verb = kind == DecisionKind.DENY ? "Deny" : "Approve";
        return view(v -> v.type("modal").callbackId(REASON_VIEW).privateMetadata(new ReasonModalMetadata(kind, requestId, channel).format())
                .title(viewTitle(t -> t.type("plain_text").text(verb + " request")))
                .submit(viewSubmit(s -> s.type("plain_text").text(verb)))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .blocks(asBlocks(input(i -> i.blockId("reason").label(plainText("Reason (shown to the agent's owner and in the audit log)"))
                        .element(plainTextInput(p -> p.actionId("reason").multiline(true).maxLength(2000)))))));
    }

    /** A Slack call whose failure is logged only: the click itself was acknowledged already. */
    @FunctionalInterface
    interface SlackCall {
        void run() throws SlackClient.SlackFailure;
    }

    private static void quietly(SlackCall call) {
        try {
            call.run();
        } catch (SlackClient.SlackFailure e) {
            LOG.warn("Slack call failed: {}", e.getMessage());
        }
    }
}
