package io.countersign.approvalbot;

import io.countersign.approvalbot.adapter.out.Destinations;
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
 * on every pass: an open request without a message in each of its {@link Destinations} is posted, a message whose decisions changed is
 * updated, and a message whose request was decided or expired shows the outcome and gets the final
 * verdict in its thread. A Slack failure leaves the request as it was and the next pass tries again,
 * so nothing is lost while Slack is down; the request stays pending and decidable through the API.
 */
final class Reconciler implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final PendingApprovals approvals;
    private final MessageRefs refs;
    private final SlackClient slack;
    private final Destinations destinations;
    private final Clock clock;

    Reconciler(PendingApprovals approvals, MessageRefs refs, SlackClient slack, Destinations destinations, Clock clock) {
        this.approvals = approvals;
        this.refs = refs;
        this.slack = slack;
        this.destinations = destinations;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            for (PendingApprovals.Pending p : approvals.all()) {
                show(p.request());
            }
            for (Map.Entry<String, MessageRefs.Entry> e : refs.all().entrySet()) {
                String requestId = e.getKey().substring(0, e.getKey().indexOf('|'));
                Optional<Verdict> verdict = approvals.verdictOf(requestId);
                Optional<ApprovalRequest> request = approvals.closedRequest(requestId);
                if (verdict.isPresent() && request.isPresent()) {
                    close(request.get(), verdict.get(), e.getKey(), e.getValue());
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Slack reconciliation pass failed: {}", e.toString());
        }
    }

    private void show(ApprovalRequest r) {
        List<ApprovalDecision> decisions = approvals.decisionsOn(r.getRequestId());
        try {
            for (String destination : destinations.of(r)) {
                // One message per destination: the channel, or each approver's DM.
                String key = r.getRequestId() + "|" + destination;
                Optional<MessageRefs.Entry> shown = refs.get(key);
                if (shown.isEmpty()) {
                    SlackClient.MessageRef ref = slack.post(destination, RequestMessage.fallback(r), RequestMessage.open(r, decisions, clock.instant()));
                    refs.put(key, new MessageRefs.Entry(ref.channel(), ref.ts(), decisions.size()));
                    LOG.info("Posted approval request {} to {}", r.getRequestId(), destination);
                } else if (shown.get().shownDecisions() != decisions.size()) {
                    slack.update(shown.get().ref(), RequestMessage.fallback(r), RequestMessage.open(r, decisions, clock.instant()));
                    refs.put(key, new MessageRefs.Entry(shown.get().channel(), shown.get().ts(), decisions.size()));
                }
            }
        } catch (SlackClient.SlackFailure e) {
            LOG.warn("Approval request {} not shown in Slack yet: {}; retrying", r.getRequestId(), e.getMessage());
        }
    }

    private void close(ApprovalRequest r, Verdict v, String key, MessageRefs.Entry shown) {
        try {
            slack.update(shown.ref(), RequestMessage.fallback(r), RequestMessage.closed(r, v));
            slack.reply(shown.ref(), "Verdict: *" + v.getOutcome() + "* (" + v.getDecidedBy().name().toLowerCase() + ") — "
                    + (v.getMessage() == null ? "" : v.getMessage()));
            refs.remove(key);
        } catch (SlackClient.SlackFailure e) {
            LOG.warn("Outcome of {} not shown in Slack yet: {}; retrying", r.getRequestId(), e.getMessage());
        }
    }
}
