package io.countersign.approvals.application;

import io.countersign.approvals.application.port.out.ApprovalChannel;
import io.countersign.approvals.application.port.out.ApprovalChannel.ChannelException;
import io.countersign.approvals.application.port.out.ApprovalViews;
import io.countersign.approvals.application.port.out.BlastRadiusLookup;
import io.countersign.approvals.application.port.out.PostedMessages;
import io.countersign.approvals.application.port.out.PostedMessages.Posted;
import io.countersign.approvals.domain.ApprovalCard;
import io.countersign.approvals.domain.ApprovalCards;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Keeps one {@link ApprovalChannel} in step with the approval requests, on every pass comparing what the
 * topics say ({@link ApprovalViews}) with what the channel shows ({@link PostedMessages}), destination by
 * destination: an open request is posted to each of its {@link ApprovalChannel#destinations} that has no
 * message yet (each recorded as soon as it is posted); a posted message whose request got new decisions is
 * updated with the progress; once the request is closed (decided or expired) each of its messages is updated
 * with the outcome and forgotten, and after the last one the requester is told. Because both sides survive a
 * restart (the views are rebuilt from Kafka, the posted messages are kept in a file), a restarted channel
 * updates what it posted before and posts only what is missing.
 *
 * <p>Each destination is retried on its own ({@link Retries}): a failure the channel calls retryable (rate
 * limit, 5xx, network) waits, doubling from {@link #FIRST_RETRY} to the maximum, while the other destinations
 * go on; a destination the channel refuses for good is not posted to (or updated) again until restart, though
 * its outcome is still tried once. A request whose destinations cannot be found is retried as a whole; one
 * with nobody to post to yet is tried again after {@link #MAX_RETRY}. The request stays decidable through the
 * API meanwhile. Reads and writes no topic itself.
 *
 * <p>A card that is about to be posted or updated gets the blast radius of its targets ({@link BlastRadiusLookup},
 * bounded in time by its adapter); an index that cannot answer makes the card say so, it never holds it back.
 */
public final class ApprovalDispatcher implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ApprovalDispatcher.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    /** The longest wait between two tries, unless a channel asks for longer. */
    public static final Duration MAX_RETRY = Duration.ofSeconds(60);

    private final ApprovalChannel channel;
    private final ApprovalViews views;
    private final PostedMessages posted;
    private final InstantSource clock;
    private final boolean notifyRequesters;
    private final Retries retries;
    private final BlastRadiusLookup blastRadius;

    public ApprovalDispatcher(ApprovalChannel channel, ApprovalViews views, PostedMessages posted, InstantSource clock,
                              boolean notifyRequesters) {
        this(channel, views, posted, clock, notifyRequesters, MAX_RETRY);
    }

    public ApprovalDispatcher(ApprovalChannel channel, ApprovalViews views, PostedMessages posted, InstantSource clock,
                              boolean notifyRequesters, Duration maxRetry) {
        this(channel, views, posted, clock, notifyRequesters, maxRetry, BlastRadiusLookup.NONE);
    }

    /**
     * With retryable failures backed off up to {@code maxRetry} (a channel with strict rate limits waits longer),
     * and cards showing the blast radius {@code blastRadius} finds.
     */
    public ApprovalDispatcher(ApprovalChannel channel, ApprovalViews views, PostedMessages posted, InstantSource clock,
                              boolean notifyRequesters, Duration maxRetry, BlastRadiusLookup blastRadius) {
        this.channel = channel;
        this.views = views;
        this.posted = posted;
        this.clock = clock;
        this.notifyRequesters = notifyRequesters;
        this.retries = new Retries(FIRST_RETRY, maxRetry);
        this.blastRadius = blastRadius;
    }

    @Override
    public void run() {
        try {
            Instant now = clock.instant();
            Set<String> live = new HashSet<>();
            for (ApprovalViews.Open open : views.open()) {
                live.add(open.request().getRequestId());
                show(open, now);
            }
            for (String id : posted.requestIds()) {
                live.add(id);
                Optional<ApprovalViews.Closed> closed = views.closed(id);
                if (closed.isPresent()) {
                    close(closed.get(), now);
                }
            }
            retries.retainRequests(live);
        } catch (RuntimeException e) {
            LOG.error("{} reconciliation pass failed: {}", channel.name(), e.toString());
        }
    }

    private void show(ApprovalViews.Open open, Instant now) {
        String id = open.request().getRequestId();
        int decisions = open.decisions().size();
        ApprovalCard card = ApprovalCards.open(open.request(), open.decisions(), now);
        // Asked only when something is shown: most passes post and update nothing.
        ApprovalCard[] withRadius = {null};
        Supplier<ApprovalCard> shownCard = () -> withRadius[0] != null ? withRadius[0] : (withRadius[0] = blastRadius.addTo(card));
        List<Posted> shown = posted.of(id);
        for (Posted p : shown) {
            if (p.shownDecisions() != decisions && retries.due(id, p.destination(), now)) {
                try {
                    channel.update(p.message(), shownCard.get());
                    posted.put(id, new Posted(p.destination(), p.message(), decisions));
                    retries.succeeded(id, p.destination());
                } catch (ChannelException e) {
                    failed(id, p.destination(), "update", e, now);
                }
            }
        }
        if (!retries.due(id, null, now)) {
            return;
        }
        List<String> destinations;
        try {
            destinations = channel.destinations(card);
            retries.succeeded(id, null);
        } catch (ChannelException e) {
            failed(id, null, "routing", e, now);
            return;
        }
        if (destinations.isEmpty() && shown.isEmpty()) {
            LOG.warn("Approval request {} has nobody to go to in {} yet; trying again in {}", id, channel.name(), MAX_RETRY);
            retries.waitFor(id, null, MAX_RETRY, now);
            return;
        }
        Set<String> done = new HashSet<>(shown.stream().map(Posted::destination).toList());
        for (String destination : destinations) {
            if (!done.contains(destination) && retries.due(id, destination, now)) {
                try {
                    posted.put(id, new Posted(destination, channel.post(destination, shownCard.get()), decisions));
                    retries.succeeded(id, destination);
                    LOG.info("Posted approval request {} to {} in {}", id, destination, channel.name());
                } catch (ChannelException e) {
                    failed(id, destination, "post", e, now);
                }
            }
        }
    }

    private void close(ApprovalViews.Closed closed, Instant now) {
        String id = closed.request().getRequestId();
        ApprovalCard card = blastRadius.addTo(ApprovalCards.closed(closed.request(), closed.verdict()));
        for (Posted p : posted.of(id)) {
            if (!retries.waited(id, p.destination(), now)) {
                continue;
            }
            try {
                channel.update(p.message(), card);
            } catch (ChannelException e) {
                if (e.retryable()) {
                    failed(id, p.destination(), "outcome", e, now);
                    continue;
                }
                LOG.error("{} refused the outcome of approval request {} in {} ({}); not retried", channel.name(), id, p.destination(),
                        e.getMessage());
            }
            if (notifyRequesters && posted.of(id).size() == 1) {
                notifyRequester(id, card);
            }
            posted.remove(id, p.destination());
            LOG.info("Showed the outcome of approval request {} in {} ({}): {}", id, channel.name(), p.destination(), card.outcome().result());
        }
    }

    /** Once, after the outcome is on the last message: best effort, the agent has the verdict and the audit log the outcome. */
    private void notifyRequester(String id, ApprovalCard card) {
        try {
            channel.notifyRequester(card);
        } catch (ChannelException e) {
            LOG.warn("Could not tell the requester of {} in {} the outcome: {}", id, channel.name(), e.getMessage());
        }
    }

    private void failed(String requestId, String destination, String what, ChannelException e, Instant now) {
        String where = destination == null ? "" : " to " + destination;
        if (!e.retryable() && !"outcome".equals(what)) {
            retries.abandon(requestId, destination);
            LOG.error("{} refused the {} of approval request {}{} ({}); not retried until restart; it stays decidable through the API",
                    channel.name(), what, requestId, where, e.getMessage());
            return;
        }
        Duration wait = retries.failed(requestId, destination, now);
        LOG.warn("{} of approval request {}{} in {} failed ({}); retrying in {}", what, requestId, where, channel.name(), e.getMessage(), wait);
    }
}
