package io.countersign.approvals.adapter.in;

import io.countersign.approvals.application.ApprovalDispatcher;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs a channel's {@link ApprovalDispatcher} every half second on its own daemon thread, but only once the
 * pending-approvals view has caught up with the topics: a request read before its verdict would look open and
 * be posted again. Closing lets a pass in flight finish (up to 10 s): a message posted but not yet recorded
 * would be posted again after a restart.
 */
public final class DispatchLoop implements AutoCloseable {

    private final ScheduledExecutorService ticks;

    private DispatchLoop(ScheduledExecutorService ticks) {
        this.ticks = ticks;
    }

    /** Starts {@code dispatcher} on a thread named {@code threadName}, each pass skipped while {@code caughtUp} is false. */
    public static DispatchLoop start(String threadName, ApprovalDispatcher dispatcher, BooleanSupplier caughtUp) {
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        ticks.scheduleWithFixedDelay(() -> {
            if (caughtUp.getAsBoolean()) {
                dispatcher.run();
            }
        }, 0, 500, TimeUnit.MILLISECONDS);
        return new DispatchLoop(ticks);
    }

    @Override
    public void close() {
        ticks.shutdown();
        try {
            if (!ticks.awaitTermination(10, TimeUnit.SECONDS)) {
                ticks.shutdownNow();
            }
        } catch (InterruptedException e) {
            ticks.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
