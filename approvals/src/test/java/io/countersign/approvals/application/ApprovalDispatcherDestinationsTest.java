package io.countersign.approvals.application;

import io.countersign.approvals.application.port.out.ApprovalChannel.ChannelException;
import io.countersign.approvals.domain.ApprovalCard;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher with a request that goes to several destinations (one direct message per approver): each
 * destination is posted, retried, abandoned and closed on its own, a partial post neither duplicates the
 * messages that went out nor drops the destination that failed (also across a restart), and the requester is
 * told once, after the outcome is on every message.
 */
class ApprovalDispatcherDestinationsTest extends DispatcherFixture {

    @Test
    void aDestinationThatFailsIsRetriedAloneAndTheOthersAreNotPostedTwice() {
        channel.to = List.of("carol", "dave");
        ApprovalDispatcher dispatcher = dispatcher();
        views.requested(ApprovalRequests.request("ar-1", false).build());
        channel.failures.add(new ChannelException("429", true));
        dispatcher.run();
        dispatcher.run();
        assertThat(channel.calls).containsExactly("failed post ar-1 to carol", "post ar-1 to dave");

        now = now.plus(ApprovalDispatcher.FIRST_RETRY);
        dispatcher.run();
        dispatcher.run();
        assertThat(channel.calls).containsExactly("failed post ar-1 to carol", "post ar-1 to dave", "post ar-1 to carol");

        views.decision(ApprovalRequests.decision("ar-1", "user:carol@example.com"));
        dispatcher.run();
        assertThat(channel.calls.subList(3, channel.calls.size())).as("each message is updated, m0 is dave's, m1 carol's")
                .containsExactly("update m0 votes=1", "update m1 votes=1");
    }

    @Test
    void aRestartAfterAPartialPostPostsOnlyTheMissingDestination() {
        channel.to = List.of("carol", "dave");
        views.requested(ApprovalRequests.request("ar-2", false).build());
        channel.failures.add(new ChannelException("503", true));
        dispatcher().run();

        dispatcher().run();

        assertThat(channel.calls).containsExactly("failed post ar-2 to carol", "post ar-2 to dave", "post ar-2 to carol");
    }

    @Test
    void aDestinationRefusedForGoodIsLeftUntilRestartWhileTheOthersAreUpdated() {
        channel.to = List.of("carol", "dave");
        ApprovalDispatcher dispatcher = dispatcher();
        views.requested(ApprovalRequests.request("ar-3", false).build());
        channel.failures.add(new ChannelException("channel_not_found", false));
        dispatcher.run();
        now = now.plus(Duration.ofMinutes(10));
        views.decision(ApprovalRequests.decision("ar-3", "user:erin@example.com"));
        dispatcher.run();
        assertThat(channel.calls).containsExactly("failed post ar-3 to carol", "post ar-3 to dave", "update m0 votes=1");

        dispatcher().run();
        assertThat(channel.calls).as("a restarted dispatcher tries it once more").endsWith("post ar-3 to carol");
    }

    @Test
    void theOutcomeGoesOnEveryMessageEachRetriedAloneAndTheRequesterIsToldOnceAfterTheLast() {
        channel.to = List.of("carol", "dave");
        ApprovalDispatcher dispatcher = dispatcher();
        views.requested(ApprovalRequests.request("ar-4", false).build());
        dispatcher.run();
        views.verdict(ApprovalRequests.approved("ar-4"));
        channel.failures.add(new ChannelException("503", true));
        dispatcher.run();
        dispatcher.run();
        assertThat(channel.calls).containsExactly("post ar-4 to carol", "post ar-4 to dave", "failed update m0 APPROVED", "update m1 APPROVED");

        now = now.plus(ApprovalDispatcher.FIRST_RETRY);
        dispatcher.run();
        dispatcher.run();
        assertThat(channel.calls.subList(4, channel.calls.size())).containsExactly("update m0 APPROVED", "notify user:alice@example.com APPROVED");
        assertThat(channel.cards).allMatch(c -> c.requestId().equals("ar-4")).last().extracting(ApprovalCard::open).isEqualTo(false);
    }

    @Test
    void anApproverWhoBecomesReachableLaterStillGetsTheRequest() {
        channel.to = List.of("carol");
        ApprovalDispatcher dispatcher = dispatcher();
        views.requested(ApprovalRequests.request("ar-5", false).build());
        dispatcher.run();
        channel.to = List.of("carol", "dave");
        dispatcher.run();
        dispatcher.run();
        assertThat(channel.calls).containsExactly("post ar-5 to carol", "post ar-5 to dave");
    }
}
