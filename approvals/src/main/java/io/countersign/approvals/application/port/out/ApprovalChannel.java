package io.countersign.approvals.application.port.out;

import io.countersign.approvals.domain.ApprovalCard;

import java.util.List;

/**
 * A chat tool approvers decide in (Slack, Microsoft Teams), in the spirit of Teleport's access-plugin
 * {@code MessagingBot}: post a new request where the channel routes it, update what was posted with the
 * quorum progress and then the outcome, and tell the requester how it ended. Every method takes the
 * channel-neutral {@link ApprovalCard} (built once by {@code ApprovalCards}); the channel only renders it.
 * Decisions come back through {@code SubmitDecisionUseCase} with {@link #name()} as their channel, which
 * picks the key they are signed with.
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

    /** Posts a new open request to where the channel routes it (a configured channel, or each eligible approver). */
    List<SentMessage> post(ApprovalCard card) throws ChannelException;

    /** Updates the messages posted for {@code card}'s request with its progress, or with its outcome once it is closed. */
    void update(List<SentMessage> sent, ApprovalCard card) throws ChannelException;

    /** Tells the requester (the principal the agent acts for) the outcome of a closed request they are part of. */
    void notifyRequester(ApprovalCard card) throws ChannelException;
}
