package io.countersign.approvalbot;

import com.slack.api.model.block.LayoutBlock;
import io.countersign.approvalbot.adapter.out.Destinations;
import io.countersign.approvalbot.adapter.out.MessageRefs;
import io.countersign.approvalbot.adapter.out.SlackClient;
import io.countersign.approvalbot.domain.RequestMessage;
import io.countersign.approvals.adapter.in.kafka.PendingApprovals;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps Slack in step with the approval requests, by comparing what Kafka says with what Slack shows
 * on every pass: an open request without a message in each of its {@link Destinations} is posted, a message whose decisions changed is
 * updated, and a message whose request was decided or expired shows the outcome and gets the final
 * verdict in its thread. A transient Slack failure (rate limit, 5xx, network) leaves the request as it was
 * and a later pass tries again after a backoff ({@link SlackRetries}), so nothing is lost while Slack is
 * down; the request stays pending and decidable through the API. A message Slack refuses for good
 * ({@code invalid_blocks}, {@code msg_too_long}...) is logged with the request id and Slack's error code,
 * never sent again, and replaced by a short message linking the dashboards; when Slack refuses that too
 * (say {@code channel_not_found}), the bot gives up on that destination until it restarts.
 */
final class Reconciler implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    /** One Slack call of a message. */
    @FunctionalInterface
    private interface Send<T> {
        T run() throws SlackClient.SlackFailure;
    }

    private final PendingApprovals approvals;
    private final MessageRefs refs;
    private final SlackClient slack;
    private final Destinations destinations;
    private final RequestMessage message;
    private final InstantSource clock;
    private final SlackRetries retries = new SlackRetries();
    private final boolean notifyRequesters;
    private long refused;

    Reconciler(PendingApprovals approvals, MessageRefs refs, SlackClient slack, Destinations destinations, RequestMessage message,
               InstantSource clock, boolean notifyRequesters) {
        this.notifyRequesters = notifyRequesters;
        this.approvals = approvals;
        this.refs = refs;
        this.slack = slack;
        this.destinations = destinations;
        this.message = message;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            List<PendingApprovals.Pending> open = approvals.all();
            for (PendingApprovals.Pending p : open) {
                show(p.request());
            }
            // Keys of messages that are posted and still to close stay: their requests are closed, not forgotten.
            Set<String> keep = new HashSet<>(refs.all().keySet().stream().map(k -> requestOf(k)).toList());
            open.forEach(p -> keep.add(p.request().getRequestId()));
            retries.retainOpen(keep);
            for (Map.Entry<String, MessageRefs.Entry> e : refs.all().entrySet()) {
                String requestId = requestOf(e.getKey());
                Optional<Verdict> verdict = approvals.verdictOf(requestId);
                Optional<ApprovalRequest> request = approvals.closedRequest(requestId);
                if (verdict.isPresent() && request.isPresent() && retries.due(e.getKey(), clock.instant())) {
                    close(request.get(), verdict.get(), e.getKey(), e.getValue());
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Slack reconciliation pass failed: {}", e.toString());
        }
    }

    /** The request a message key of {@link MessageRefs} shows (those keys are all {@link MessageKey}s). */
    private static String requestOf(String messageKey) {
        return MessageKey.parse(messageKey).map(MessageKey::requestId).orElse(messageKey);
    }

    private void show(ApprovalRequest r) {
        List<ApprovalDecision> decisions = approvals.decisionsOn(r.getRequestId());
        if (!retries.due(r.getRequestId(), clock.instant())) {
            return;
        }
        List<String> to;
        try {
            to = destinations.of(r);
        } catch (SlackClient.SlackFailure e) {
            failed(r, r.getRequestId(), e);
            return;
        }
        for (String destination : to) {
            // One message per destination: the channel, or each approver's DM.
            String key = new MessageKey(r.getRequestId(), destination).format();
            Optional<MessageRefs.Entry> shown = refs.get(key);
            if (!retries.due(key, clock.instant()) || shown.isPresent() && shown.get().shownDecisions() == decisions.size()) {
                continue;
            }
            try {
                if (shown.isEmpty()) {
                    SlackClient.MessageRef ref = orFallback(r, destination,
                            () -> slack.post(destination, message.fallback(r), message.open(r, decisions, clock.instant())),
                            () -> slack.post(destination, message.fallback(r), message.unrenderable(r, null)));
                    refs.put(key, new MessageRefs.Entry(ref.channel(), ref.ts(), decisions.size()));
                    LOG.info("Posted approval request {} to {}", r.getRequestId(), destination);
                } else {
                    orFallback(r, destination, () -> update(shown.get().ref(), r, message.open(r, decisions, clock.instant())),
                            () -> update(shown.get().ref(), r, message.unrenderable(r, null)));
                    refs.put(key, new MessageRefs.Entry(shown.get().channel(), shown.get().ts(), decisions.size()));
                }
                retries.succeeded(key);
            } catch (SlackClient.SlackFailure e) {
                failed(r, key, e);
            }
        }
    }

    private void close(ApprovalRequest r, Verdict v, String key, MessageRefs.Entry shown) {
        try {
            orFallback(r, shown.channel(), () -> update(shown.ref(), r, message.closed(r, v)),
                    () -> update(shown.ref(), r, message.unrenderable(r, v)));
            slack.reply(shown.ref(), message.verdictReply(v));
            boolean lastMessage = refs.all().keySet().stream().filter(k -> requestOf(k).equals(r.getRequestId())).count() == 1;
            refs.remove(key);
            retries.forget(key);
            if (notifyRequesters && lastMessage) {
                notifyPrincipal(r, v);
            }
        } catch (SlackClient.SlackFailure e) {
            if (e.permanent()) {
                // The message cannot show the outcome (deleted, channel archived...): stop trying.
                LOG.error("Slack refused the outcome of approval request {} ({}); not retried", r.getRequestId(), e.error());
                refs.remove(key);
                retries.forget(key);
            } else {
                LOG.warn("Outcome of {} not shown in Slack yet ({}); retrying in {}", r.getRequestId(), e.error(), retries.failed(key, clock.instant()));
            }
        }
    }

    /** Tells the principal (the human the agent acts for) the outcome in a DM, once; best effort. */
    private void notifyPrincipal(ApprovalRequest r, Verdict v) {
        String principal = r.getIntent().getPrincipal();
        if (principal == null || !principal.startsWith("user:") || !principal.contains("@")) {
            return;
        }
        try {
            Optional<String> user = slack.userIdByEmail(principal.substring("user:".length()));
            if (user.isPresent()) {
                slack.post(user.get(), message.requesterNotice(r, v), null);
            }
        } catch (SlackClient.SlackFailure e) {
            LOG.warn("Could not tell the principal of {} the outcome in Slack ({})", r.getRequestId(), e.error());
        }
    }

    private Void update(SlackClient.MessageRef ref, ApprovalRequest r, List<LayoutBlock> blocks) throws SlackClient.SlackFailure {
        slack.update(ref, message.fallback(r), blocks);
        return null;
    }

    /** The full message; if Slack refuses it for good, the short one that links the dashboards instead. */
    private <T> T orFallback(ApprovalRequest r, String destination, Send<T> full, Send<T> fallback) throws SlackClient.SlackFailure {
        try {
            return full.run();
        } catch (SlackClient.SlackFailure e) {
            if (!e.permanent()) {
                throw e;
            }
            refused++;
            LOG.error("Slack refused the message for approval request {} in {} ({}; {} refused since start); not retried, posting a link"
                    + " to the dashboards instead", r.getRequestId(), destination, e.error(), refused);
            return fallback.run();
        }
    }

    private void failed(ApprovalRequest r, String key, SlackClient.SlackFailure e) {
        if (e.permanent()) {
            retries.abandon(key, e.error());
            LOG.error("Slack refused approval request {} ({}); not retried until the bot restarts", r.getRequestId(), e.error());
        } else {
            LOG.warn("Approval request {} not shown in Slack yet ({}); retrying in {}", r.getRequestId(), e.error(), retries.failed(key, clock.instant()));
        }
    }
}
