package io.countersign.mcpgateway.adapter.out;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Sends execution outcome reports one after the other on a thread of their own, so that a tool call's answer
 * does not wait for its report's acknowledgement. Bounded: beyond {@link #QUEUE} waiting reports the caller sends
 * its own (slower, never lost); {@link #close} sends what is queued, for up to {@link #DRAIN_SECONDS} s.
 */
public final class BackgroundReports implements Executor, AutoCloseable {

    static final int QUEUE = 10_000;
    static final int DRAIN_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundReports.class);

    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
        Thread t = new Thread(r, "mcp-execution-reports");
        t.setDaemon(true);
        return t;
    }, new ThreadPoolExecutor.CallerRunsPolicy());

    @Override
    public void execute(Runnable report) {
        sender.execute(report);
    }

    @Override
    public void close() throws InterruptedException {
        sender.shutdown();
        if (!sender.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
            List<Runnable> unsent = sender.shutdownNow();
            LOG.warn("{} execution reports not sent within {} s of stopping", unsent.size(), DRAIN_SECONDS);
        }
    }
}
