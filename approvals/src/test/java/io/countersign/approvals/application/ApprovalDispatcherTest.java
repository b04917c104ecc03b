package io.countersign.approvals.application;

import io.countersign.approvals.adapter.in.kafka.PendingApprovals;
import io.countersign.approvals.adapter.out.JsonPostedMessages;
import io.countersign.approvals.application.port.out.ApprovalChannel;
import io.countersign.approvals.application.port.out.ApprovalChannel.ChannelException;
import io.countersign.approvals.application.port.out.ApprovalChannel.SentMessage;
import io.countersign.approvals.domain.ApprovalCard;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channel-neutral dispatcher against the real read model ({@link PendingApprovals}) and posted-messages
 * file, with a recording channel: post once, update on new decisions, show the outcome and tell the
 * requester once closed, back off on retryable failures, and after a restart update rather than repost.
 */
class ApprovalDispatcherTest {

    @TempDir
    Path dir;

    private Instant now = ApprovalRequests.CREATED.plusSeconds(5);
    private final InstantSource clock = () -> now;
    private final PendingApprovals views = new PendingApprovals();
    private final RecordingChannel channel = new RecordingChannel();

    /** Records every call; fails the next calls with the exceptions queued in {@code failures}. */
    private static final class RecordingChannel implements ApprovalChannel {
        final List<String> calls = new ArrayList<>();
        final List<ApprovalCard> cards = new ArrayList<>();
        final Deque<ChannelException> failures = new ArrayDeque<>();
        int nextId;

        @Override
        public String name() {
            return "test";
        }

        @Override
        public List<SentMessage> post(ApprovalCard card) throws ChannelException {
            record("post " + card.requestId(), card);
            return List.of(new SentMessage("conv-" + card.requestId(), "m" + nextId++));
        }

        @Override
        public void update(List<SentMessage> sent, ApprovalCard card) throws ChannelException {
            record("update " + sent.get(0).messageId() + (card.open() ? " votes=" + card.progress().votes().size()
                    : " " + card.outcome().result()), card);
        }

        @Override
        public void notifyRequester(ApprovalCard card) throws ChannelException {
            record("notify " + card.principal() + " " + card.outcome().result(), card);
        }

        private void record(String call, ApprovalCard card) throws ChannelException {
            if (!failures.isEmpty()) {
                calls.add("failed " + call);
                throw failures.poll();
            }
            calls.add(call);
            cards.add(card);
        }
    }

    private ApprovalDispatcher dispatcher() {
        return new ApprovalDispatcher(channel, views, new JsonPostedMessages(dir.resolve("posted.json")), clock, true);
    }

    private static ApprovalDecision decision(String requestId, String approver) {
        return ApprovalDecision.newBuilder().setDecisionId("d-" + approver).setRequestId(requestId).setIntentId("i-" + requestId)
                .setIntentHash("h").setApprover(approver).setDecision(DecisionKind.APPROVE).setChannel("slack")
                .setDecidedAt(ApprovalRequests.CREATED).build();
    }

    private static Verdict approved(String requestId) {
        return Verdict.newBuilder().setIntentId("i-" + requestId).setRequestId(requestId).setOutcome(Outcome.ALLOWED)
                .setDecidedBy(DecidedBy.APPROVERS).setPolicyVersion("v1").setIntentHash("h").setReceivedAt(ApprovalRequests.CREATED)
                .setDecidedAt(ApprovalRequests.CREATED).build();
    }

    @Test
    void postsOnceUpdatesOnNewDecisionsThenShowsTheOutcomeAndTellsTheRequester() {
        ApprovalDispatcher dispatcher = dispatcher();
        views.requested(ApprovalRequests.request("ar-1", false).build());
        dispatcher.run();
        dispatcher.run();
        assertThat(channel.calls).containsExactly("post ar-1");

        views.decision(decision("ar-1", "user:carol@example.com"));
        dispatcher.run();
        dispatcher.run();
        assertThat(channel.calls).containsExactly("post ar-1", "update m0 votes=1");

        views.verdict(approved("ar-1"));
        dispatcher.run();
        dispatcher.run();
        assertThat(channel.calls).containsExactly("post ar-1", "update m0 votes=1", "update m0 APPROVED",
                "notify user:alice@example.com APPROVED");
    }

    @Test
    void aRestartedDispatcherUpdatesWhatWasPostedBeforeInsteadOfPostingAgain() {
        views.requested(ApprovalRequests.request("ar-2", false).build());
        dispatcher().run();
        views.verdict(approved("ar-2"));

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
        views.verdict(Verdict.newBuilder(approved("ar-6")).setOutcome(Outcome.DENIED).setDecidedBy(DecidedBy.EXPIRED).build());
        dispatcher.run();
        assertThat(channel.calls).containsExactly("post ar-6", "update m0 EXPIRED", "notify user:alice@example.com EXPIRED");
        assertThat(channel.cards.get(1).open()).isFalse();
    }
}
