package io.countersign.approvalbot;

import io.countersign.approvalbot.adapter.out.MessageRefs;
import io.countersign.approvalbot.adapter.out.SlackClient;
import io.countersign.approvalbot.domain.RequestMessage;
import io.countersign.ingest.adapter.in.kafka.PendingApprovals;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps Slack in step with the approval requests, by comparing what Kafka says with what Slack shows
 * on every pass: an open request without a message is posted, a message whose decisions changed is
 * updated, and a message whose request was decided or expired shows the outcome and gets the final
 * verdict in its thread. A Slack failure leaves the request as it was and the next pass tries again,
 * so nothing is lost while Slack is down; the request stays pending and decidable through the API.
 */
final class Reconciler implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final PendingApprovals approvals;
    private final MessageRefs refs;
    private final SlackClient slack;
    private final String defaultChannel;
    private final Clock clock;

    Reconciler(PendingApprovals approvals, MessageRefs refs, SlackClient slack, String defaultChannel, Clock clock) {
        this.approvals = approvals;
        this.refs = refs;
        this.slack = slack;
        this.defaultChannel = defaultChannel;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            for (PendingApprovals.Pending p : approvals.all()) {
                show(p.request());
            }
            for (Map.Entry<String, MessageRefs.Entry> e : refs.all().entrySet()) {
                Optional<Verdict> verdict = approvals.verdictOf(e.getKey());
                Optional<ApprovalRequest> request = approvals.closedRequest(e.getKey());
                if (verdict.isPresent() && request.isPresent()) {
                    close(request.get(), verdict.get(), e.getValue());
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Slack reconciliation pass failed: {}", e.toString());
        }
    }

    private void show(ApprovalRequest r) {
        List<ApprovalDecision> decisions = approvals.decisionsOn(r.getRequestId());
        Optional<MessageRefs.Entry> shown = refs.get(r.getRequestId());
        try {
            if (shown.isEmpty()) {
                String channel = r.getRoute() != null ? r.getRoute() : defaultChannel;
                SlackClient.MessageRef ref = slack.post(channel, RequestMessage.fallback(r), RequestMessage.open(r, decisions, clock.instant()));
                refs.put(r.getRequestId(), new MessageRefs.Entry(ref.channel(), ref.ts(), decisions.size()));
                LOG.info("Posted approval request {} to {}", r.getRequestId(), channel);
            } else if (shown.get().shownDecisions() != decisions.size()) {
                slack.update(shown.get().ref(), RequestMessage.fallback(r), RequestMessage.open(r, decisions, clock.instant()));
                refs.put(r.getRequestId(), new MessageRefs.Entry(shown.get().channel(), shown.get().ts(), decisions.size()));
            }
        } catch (SlackClient.SlackFailure e) {
            LOG.warn("Approval request {} not shown in Slack yet: {}; retrying", r.getRequestId(), e.getMessage());
        }
    }

    private void close(ApprovalRequest r, Verdict v, MessageRefs.Entry shown) {
        try {
            slack.update(shown.ref(), RequestMessage.fallback(r), RequestMessage.closed(r, v));
            slack.reply(shown.ref(), "Verdict: *" + v.getOutcome() + "* (" + v.getDecidedBy().name().toLowerCase() + ") — "
                    + (v.getMessage() == null ? "" : v.getMessage()));
            refs.remove(r.getRequestId());
        } catch (SlackClient.SlackFailure e) {
            LOG.warn("Outcome of {} not shown in Slack yet: {}; retrying", r.getRequestId(), e.getMessage());
        }
    }
}
