package io.countersign.approvals.application.port.out;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which messages a channel posted for which approval request, and how many decisions they last showed:
 * kept across restarts, so a restarted channel updates the messages it posted before (with progress, then
 * the outcome) instead of posting them again.
 */
public interface PostedMessages {

    /** The messages posted for one request, and the number of decisions they show. */
    record Posted(List<ApprovalChannel.SentMessage> messages, int shownDecisions) {
        public Posted {
            messages = List.copyOf(messages);
        }
    }

    Optional<Posted> get(String requestId);

    void put(String requestId, Posted posted);

    void remove(String requestId);

    /** The requests with posted messages. */
    Set<String> requestIds();
}
