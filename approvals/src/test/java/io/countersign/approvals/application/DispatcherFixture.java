package io.countersign.approvals.application;

import io.countersign.approvals.adapter.in.kafka.PendingApprovals;
import io.countersign.approvals.adapter.out.JsonPostedMessages;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;

/** What the dispatcher's tests share: the real read model and posted-messages file, a recording channel, a clock moved by hand. */
abstract class DispatcherFixture {

    @TempDir
    Path dir;

    Instant now = ApprovalRequests.CREATED.plusSeconds(5);
    final InstantSource clock = () -> now;
    final PendingApprovals views = new PendingApprovals();
    final RecordingChannel channel = new RecordingChannel();

    /** A dispatcher on the posted-messages file in {@link #dir}; a second one is the first after a restart. */
    ApprovalDispatcher dispatcher() {
        return new ApprovalDispatcher(channel, views, new JsonPostedMessages(dir.resolve("posted.json")), clock, true);
    }
}
