package io.countersign.approvals.application;

import io.countersign.approvals.adapter.in.kafka.PendingApprovals;
import io.countersign.approvals.application.port.out.ApprovalChannel.ChannelException;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channel-neutral dispatcher against the real read model ({@link PendingApprovals}) and posted-messages
 * file, with a recording channel: post once, update on new decisions, show the outcome and tell the
 * requester once closed, back off on retryable failures, and after a restart update rather than repost.
 */
class ApprovalDispatcherTest extends DispatcherFixture {

    @Test
    void postsOnceUpdatesOnNewDecisionsThenShowsTheOutcomeAndTellsTheRequester() {
        ApprovalDispatcher dispatcher = dispatcher();
        views.requested(ApprovalRequests.request("ar-1", false).build());
        dispatcher.run();
        dispatcher.run();
        assertThat(channel.calls).containsExactly("post ar-1");

        views.decision(ApprovalRequests.decision("ar-1", "user:carol@example.com"));
        dispatcher.run();
        dispatcher.run();
        assertThat(channel.calls).containsExactly("post ar-1", "update m0 votes=1");

        views.verdict(ApprovalRequests.approved("ar-1"));
        dispatcher.run();
        dispatcher.run();
        assertThat(channel.calls).containsExactly("post ar-1", "update m0 votes=1", "update m0 APPROVED",
                "notify user:alice@example.com APPROVED");
    }

    @Test
    void aRestartedDispatcherUpdatesWhatWasPostedBeforeInsteadOfPostingAgain() {
        views.requested(ApprovalRequests.request("ar-2", false).build());
        dispatcher().run();
        views.verdict(ApprovalRequests.approved("ar-2"));

        dispatcher().run();

        assertThat(channel.calls).containsExactly("post ar-2", "update m0 APPROVED", "notify user:alice@example.com APPROVED");
    }

    @Test
    void aRetryableFailureIsRetriedAfterABackoffThatGrows() {
        ApprovalDispatcher dispatcher = dispatcher();
        views.requested(ApprovalRequests.request("ar-3", false).build());
        channel.failures.add(new ChannelException("429", true));
        channel.failures.add(new ChannelException("503", true));
        dispatcher.run();
        dispatcher.run();
        assertThat(channel.calls).containsExactly("failed post ar-3");

        now = now.plus(ApprovalDispatcher.FIRST_RETRY);
        dispatcher.run();
        now = now.plus(ApprovalDispatcher.FIRST_RETRY);
        dispatcher.run();
        assertThat(channel.calls).as("the second wait is twice the first").containsExactly("failed post ar-3", "failed post ar-3");

        now = now.plus(ApprovalDispatcher.FIRST_RETRY);
        dispatcher.run();
        assertThat(channel.calls).containsExactly("failed post ar-3", "failed post ar-3", "post ar-3");
    }

    @Test
    void aRequestTheChannelRefusesForGoodIsNotPostedAgainButOthersAre() {
        ApprovalDispatcher dispatcher = dispatcher();
        views.requested(ApprovalRequests.request("ar-4", false).setCreatedAt(ApprovalRequests.CREATED).build());
        channel.failures.add(new ChannelException("card refused", false));
        dispatcher.run();
        now = now.plusSeconds(600);
        views.requested(ApprovalRequests.request("ar-5", false).setCreatedAt(ApprovalRequests.CREATED.plusSeconds(1)).build());
        dispatcher.run();
        assertThat(channel.calls).containsExactly("failed post ar-4", "post ar-5");
    }

    @Test
    void anExpiredRequestShowsExpiredOnTheCard() {
        ApprovalDispatcher dispatcher = dispatcher();
        views.requested(ApprovalRequests.request("ar-6", false).build());
        dispatcher.run();
        views.verdict(Verdict.newBuilder(ApprovalRequests.approved("ar-6")).setOutcome(Outcome.DENIED).setDecidedBy(DecidedBy.EXPIRED).build());
        dispatcher.run();
        assertThat(channel.calls).containsExactly("post ar-6", "update m0 EXPIRED", "notify user:alice@example.com EXPIRED");
        assertThat(channel.cards.get(1).open()).isFalse();
    }
}
