package io.countersign.approvals.application;

import io.countersign.approvals.application.port.out.ApprovalChannel;
import io.countersign.approvals.application.port.out.ApprovalChannel.ChannelException;
import io.countersign.approvals.application.port.out.ApprovalViews;
import io.countersign.approvals.application.port.out.PostedMessages;
import io.countersign.approvals.domain.ApprovalCard;
import io.countersign.approvals.domain.ApprovalCards;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps one {@link ApprovalChannel} in step with the approval requests, on every pass comparing what the
 * topics say ({@link ApprovalViews}) with what the channel shows ({@link PostedMessages}): an open request
 * with nothing posted is posted; posted messages whose request got new decisions are updated with the
 * progress; posted messages whose request was closed (decided or expired) are updated with the outcome, the
 * requester is told, and the request is forgotten. Because both sides survive a restart (the views are
 * rebuilt from Kafka, the posted messages are kept in a file), a restarted channel updates what it posted
 * before instead of posting again.
 *
 * <p>A failure the channel calls retryable (rate limit, 5xx, network) leaves the request as it was and the
 * next attempt for it waits, doubling from {@link #FIRST_RETRY} to {@link #MAX_RETRY}; the request stays
 * decidable through the API meanwhile. A request the channel refuses for good is not posted again until
 * restart. A request the channel had nobody to post to (no approver reachable yet) is tried again after
 * {@link #MAX_RETRY}. Reads and writes no topic itself.
 */
public final class ApprovalDispatcher implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ApprovalDispatcher.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(60);

    private final ApprovalChannel channel;
    private final ApprovalViews views;
    private final PostedMessages posted;
    private final InstantSource clock;
    private final boolean notifyRequesters;
    private final Map<String, Instant> notBefore = new HashMap<>();
    private final Map<String, Duration> backoff = new HashMap<>();
    private final Set<String> abandoned = new HashSet<>();

    public ApprovalDispatcher(ApprovalChannel channel, ApprovalViews views, PostedMessages posted, InstantSource clock,
                              boolean notifyRequesters) {
        this.channel = channel;
        this.views = views;
        this.posted = posted;
        this.clock = clock;
        this.notifyRequesters = notifyRequesters;
    }

    @Override
    public void run() {
        try {
            Instant now = clock.instant();
            Set<String> live = new HashSet<>();
            for (ApprovalViews.Open open : views.open()) {
                String id = open.request().getRequestId();
                live.add(id);
                if (due(id, now)) {
                    show(open, now);
                }
            }
            for (String id : posted.requestIds()) {
                live.add(id);
                Optional<ApprovalViews.Closed> closed = views.closed(id);
                if (closed.isPresent() && due(id, now)) {
                    close(closed.get(), posted.get(id).orElseThrow());
                }
            }
            notBefore.keySet().retainAll(live);
            backoff.keySet().retainAll(live);
        } catch (RuntimeException e) {
            LOG.error("{} reconciliation pass failed: {}", channel.name(), e.toString());
        }
    }

    private void show(ApprovalViews.Open open, Instant now) {
        String id = open.request().getRequestId();
        Optional<PostedMessages.Posted> shown = posted.get(id);
        int decisions = open.decisions().size();
        if (shown.isPresent() && shown.get().shownDecisions() == decisions || abandoned.contains(id)) {
            return;
        }
        ApprovalCard card = ApprovalCards.open(open.request(), open.decisions(), now);
        try {
            if (shown.isEmpty()) {
                List<ApprovalChannel.SentMessage> sent = channel.post(card);
                if (sent.isEmpty()) {
                    LOG.warn("Approval request {} has nobody to go to in {} yet; trying again in {}", id, channel.name(), MAX_RETRY);
                    notBefore.put(id, now.plus(MAX_RETRY));
                    return;
                }
                posted.put(id, new PostedMessages.Posted(sent, decisions));
                LOG.info("Posted approval request {} to {} ({} message(s))", id, channel.name(), sent.size());
            } else {
                channel.update(shown.get().messages(), card);
                posted.put(id, new PostedMessages.Posted(shown.get().messages(), decisions));
            }
            succeeded(id);
        } catch (ChannelException e) {
            failed(id, shown.isEmpty() ? "post" : "update", e, now);
        }
    }

    private void close(ApprovalViews.Closed closed, PostedMessages.Posted shown) {
        String id = closed.request().getRequestId();
        ApprovalCard card = ApprovalCards.closed(closed.request(), closed.verdict());
        try {
            channel.update(shown.messages(), card);
        } catch (ChannelException e) {
            if (e.retryable()) {
                failed(id, "outcome", e, clock.instant());
                return;
            }
            LOG.error("{} refused the outcome of approval request {} ({}); not retried", channel.name(), id, e.getMessage());
        }
        if (notifyRequesters) {
            try {
                channel.notifyRequester(card);
            } catch (ChannelException e) {
                // Best effort: the agent has the verdict already; the outcome is on the card and in the audit log.
                LOG.warn("Could not tell the requester of {} in {} the outcome: {}", id, channel.name(), e.getMessage());
            }
        }
        posted.remove(id);
        succeeded(id);
        LOG.info("Showed the outcome of approval request {} in {}: {}", id, channel.name(), card.outcome().result());
    }

    private boolean due(String requestId, Instant now) {
        Instant next = notBefore.get(requestId);
        return next == null || !now.isBefore(next);
    }

    private void succeeded(String requestId) {
        notBefore.remove(requestId);
        backoff.remove(requestId);
    }

    private void failed(String requestId, String what, ChannelException e, Instant now) {
        if (!e.retryable() && !"outcome".equals(what)) {
            abandoned.add(requestId);
            LOG.error("{} refused the {} of approval request {} ({}); not retried until restart; it stays decidable through the API",
                    channel.name(), what, requestId, e.getMessage());
            return;
        }
        Duration wait = backoff.merge(requestId, FIRST_RETRY, (old, first) -> old.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY
                : old.multipliedBy(2));
        notBefore.put(requestId, now.plus(wait));
        LOG.warn("{} of approval request {} in {} failed ({}); retrying in {}", what, requestId, channel.name(), e.getMessage(), wait);
    }
}
