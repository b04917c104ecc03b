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
import io.countersign.approvals.application.port.out.DecisionPublisher;
import io.countersign.approvals.domain.ApprovalRules;
import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.Identity;
import io.countersign.contracts.signing.DecisionSignature;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.DecisionKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
 * user is mapped to a directory identity, the pipeline's own {@link ApprovalRules} are applied so an
 * ineligible person, someone in the delegation chain or someone who decided already is told why in an
 * ephemeral message and nothing is written; an accepted click becomes an {@link ApprovalDecision} on
 * {@code countersign.approval-decisions}. Deny — and approve where the policy wants a reason — opens a
 * modal that requires one.
 */
public final class DecisionHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionHandlers.class);
    static final String REASON_VIEW = "countersign-reason";

    private final PendingApprovals approvals;
    private final SlackIdentities identities;
    private final SlackClient slack;
    private final Directory directory;
    private final DecisionPublisher publisher;
    private final DecisionSignature.Signer signer;
    private final ExecutorService work;
    private final Clock clock;

    public DecisionHandlers(PendingApprovals approvals, SlackIdentities identities, SlackClient slack, Directory directory,
                            DecisionPublisher publisher, DecisionSignature.Signer signer, ExecutorService work, Clock clock) {
        this.approvals = approvals;
        this.identities = identities;
        this.slack = slack;
        this.directory = directory;
        this.publisher = publisher;
        this.signer = signer;
        this.work = work;
        this.clock = clock;
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
            Optional<PendingApprovals.Pending> pending = approvals.get(requestId);
            if (pending.isEmpty()) {
                tell(channel, user, "This request is already decided or has expired.");
                return;
            }
            Optional<ApprovalRules.Refused> refused = ApprovalRules.check(pending.get().request(), pending.get().decidedBy(), who.get(),
                    kind, reason, directory);
            if (refused.isPresent()) {
                // The detail can name people and groups: escaped like every other text the bot sends.
                tell(channel, user, "Not recorded: " + Mrkdwn.text(refused.get().detail(), 1000) + ".");
                return;
            }
            var request = pending.get().request();
            // Signed with the bot's channel key: the pipeline applies no decision a channel did not sign.
            ApprovalDecision decision = signer.sign(ApprovalDecision.newBuilder().setDecisionId(UUID.randomUUID().toString()).setRequestId(requestId)
                    .setIntentId(request.getIntentId()).setIntentHash(request.getIntentHash()).setApprover(who.get().value())
                    .setDecision(kind).setReason(reason).setChannel("slack").setChannelUserId(user).setDecidedAt(clock.instant()).build());
            publisher.publish(decision);
            approvals.decision(decision);
            LOG.info("Slack decision {} on request {} by {}: {}", decision.getDecisionId(), requestId, who.get().value(), kind);
        } catch (DecisionPublisher.UnavailableException e) {
            tell(channel, user, "Your decision could not be recorded right now (Countersign is unavailable); please click again in a minute.");
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
