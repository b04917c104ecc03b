package io.countersign.approvals.application;

import io.countersign.approvals.application.port.out.ApprovalChannel;
import io.countersign.approvals.domain.ApprovalCard;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Records every call; posts to {@code to}; fails the next calls with the exceptions queued in {@code failures}. */
final class RecordingChannel implements ApprovalChannel {
    final List<String> calls = new ArrayList<>();
    final List<ApprovalCard> cards = new ArrayList<>();
    final Deque<ChannelException> failures = new ArrayDeque<>();
    List<String> to = List.of("main");
    int nextId;

    @Override
    public String name() {
        return "test";
    }

    @Override
    public List<String> destinations(ApprovalCard card) {
        return to;
    }

    @Override
    public SentMessage post(String destination, ApprovalCard card) throws ChannelException {
        record("post " + card.requestId() + (destination.equals("main") ? "" : " to " + destination), card);
        return new SentMessage("conv-" + destination, "m" + nextId++);
    }

    @Override
    public void update(SentMessage sent, ApprovalCard card) throws ChannelException {
        record("update " + sent.messageId() + (card.open() ? " votes=" + card.progress().votes().size()
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
