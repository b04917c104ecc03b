package io.countersign.mcpgateway.adapter.out;

import io.countersign.mcpgateway.application.port.out.ExecutionReports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Sends execution reports on threads of their own, so that a tool call's answer never waits for a report's
 * acknowledgement. {@link #LANES} senders, each intent's reports always on the same one, so they reach the audit in
 * the order given (STARTED before SUCCEEDED); calls of different intents do not queue behind each other's. Bounded:
 * beyond {@link #QUEUE} waiting reports on a lane the caller waits for room (never lost, never reordered);
 * {@link #close} sends what is queued, for up to {@link #DRAIN_SECONDS} s.
 */
public final class BackgroundReports implements ExecutionReports, AutoCloseable {

    static final int LANES = 4;
    static final int QUEUE = 2_500;
    static final int DRAIN_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundReports.class);

    private final ThreadPoolExecutor[] lanes = new ThreadPoolExecutor[LANES];

    public BackgroundReports() {
        for (int i = 0; i < LANES; i++) {
            String name = "mcp-execution-reports-" + i;
            lanes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            }, BackgroundReports::waitForRoom);
        }
    }

    @Override
    public void send(String intentId, Runnable report) {
        lanes[Math.floorMod(intentId.hashCode(), LANES)].execute(report);
    }

    /** A full lane: the caller waits for room rather than sending out of order; once stopping, it sends its own. */
    private static void waitForRoom(Runnable report, ThreadPoolExecutor lane) {
        if (lane.isShutdown()) {
            report.run();
            return;
        }
        try {
            lane.getQueue().put(report);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("interrupted while waiting to queue an execution report", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (ThreadPoolExecutor lane : lanes) {
            lane.shutdown();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
        int unsent = 0;
        for (ThreadPoolExecutor lane : lanes) {
            if (!lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                unsent += lane.shutdownNow().size();
            }
        }
        if (unsent > 0) {
            LOG.warn("{} execution reports not sent within {} s of stopping", unsent, DRAIN_SECONDS);
        }
    }
}
