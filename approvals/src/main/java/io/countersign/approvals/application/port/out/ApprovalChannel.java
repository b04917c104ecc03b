package io.countersign.approvals.application.port.out;

import io.countersign.approvals.domain.ApprovalCard;

import java.util.List;

/**
 * A chat tool approvers decide in (Slack, Microsoft Teams), in the spirit of Teleport's access-plugin
 * {@code MessagingBot}: post a new request where the channel routes it, update what was posted with the
 * quorum progress and then the outcome, and tell the requester how it ended. Every method takes the
 * channel-neutral {@link ApprovalCard} (built once by {@code ApprovalCards}); the channel only renders it.
 * Decisions come back through {@code SubmitDecisionUseCase} with {@link #name()} as their channel, which
 * picks the key they are signed with. As in {@code MessagingBot}, finding the recipients is apart from posting
 * to them: a request goes to several destinations (say one direct message per approver), each posted,
 * retried and updated on its own, so one that fails neither holds back nor duplicates the others.
 */
public interface ApprovalChannel {

    /** One message a channel posted: where (a channel or chat id) and its id there; kept so a restart can still update it. */
    record SentMessage(String conversation, String messageId) {
    }

    /** The chat tool refused or could not be reached; {@code retryable}: try again later (rate limit, 5xx, network). */
    final class ChannelException extends Exception {
        private final boolean retryable;

        public ChannelException(String message, boolean retryable) {
            super(message, null, false, false);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    /** The channel name decisions from it carry and are signed for ({@code slack}, {@code teams}). */
    String name();

    /**
     * Where the channel posts {@code card}'s request: channel names or ids, or the people who may decide it
     * (one direct message or 1:1 chat each), in the channel's own terms. Asked on every pass while the
     * request is open, so someone who becomes reachable later still gets it; a destination that already has
     * a message is not posted to again. Empty: nobody to post to yet.
     */
    List<String> destinations(ApprovalCard card) throws ChannelException;

    /** Posts the open request {@code card} to one of its {@link #destinations}; returns the message, to update it later. */
    SentMessage post(String destination, ApprovalCard card) throws ChannelException;

    /** Updates one message posted for {@code card}'s request with its progress, or with its outcome once it is closed. */
    void update(SentMessage sent, ApprovalCard card) throws ChannelException;

    /** Tells the requester (the principal the agent acts for) the outcome of a closed request they are part of. */
    void notifyRequester(ApprovalCard card) throws ChannelException;
}
