package io.countersign.approvals.application.port.out;

import java.util.List;
import java.util.Set;

/**
 * Which messages a channel posted for which approval request, one per destination, and how many decisions
 * each last showed: kept across restarts, so a restarted channel updates the messages it posted before (with
 * progress, then the outcome) instead of posting them again, and posts only to the destinations still
 * missing one. Each message is recorded as soon as it is posted.
 */
public interface PostedMessages {

    /** The message posted for one request to {@code destination}, and the number of decisions it shows. */
    record Posted(String destination, ApprovalChannel.SentMessage message, int shownDecisions) {
    }

    /** The messages posted for {@code requestId}, in the order they were posted; empty when none. */
    List<Posted> of(String requestId);

    /** Records (or replaces) the message posted for {@code requestId} to {@code posted.destination()}. */
    void put(String requestId, Posted posted);

    /** Forgets the message posted for {@code requestId} to {@code destination}. */
    void remove(String requestId, String destination);

    /** The requests with posted messages. */
    Set<String> requestIds();
}
