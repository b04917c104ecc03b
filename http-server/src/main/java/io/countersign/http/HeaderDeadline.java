package io.countersign.http;

import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Closes connections whose request headers do not arrive whole within {@code timeout}. Jetty parses
 * headers without a thread, but its idle timeout starts again with every byte, so a client sending a
 * header byte a second would keep its connection (a file descriptor, buffers) for as long as it likes;
 * enough of them exhaust the server. Jetty 12 has no total header deadline, so this sweeps the
 * connector's connections a few times per timeout: a connection seen waiting for the same request's
 * headers (the request count has not moved) for longer than {@code timeout} is closed. A new connection
 * that has not sent its first request yet counts as waiting for headers; an idle keep-alive connection
 * between requests does not (the idle timeout governs it).
 */
public final class HeaderDeadline implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);

    private final ServerConnector connector;
    private final long timeoutNanos;
    private final long periodMillis;
    /** Per connection waiting for headers: the request count then, and when it was first seen waiting. Only the sweep touches it. */
    private Map<EndPoint, long[]> waiting = new HashMap<>();

    public HeaderDeadline(ServerConnector connector, Duration timeout) {
        this.connector = connector;
        this.timeoutNanos = timeout.toNanos();
        this.periodMillis = Math.max(50, Math.min(1_000, timeout.toMillis() / 4));
    }

    public void start() {
        connector.getScheduler().schedule(this, periodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        if (!connector.isRunning()) {
            return;
        }
        try {
            sweep(System.nanoTime());
            connector.getScheduler().schedule(this, periodMillis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            // Only when the server is stopping (the scheduler refuses new tasks) or Jetty changed beneath us.
            LOG.warn("Header deadline sweep stopped: {}", e.toString());
        }
    }

    private void sweep(long now) {
        Map<EndPoint, long[]> next = new HashMap<>();
        int closed = 0;
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            // The public class of Jetty's HTTP/1.1 connection, in a package Jetty calls internal: its parser tells where a request is.
            if (!(endPoint.getConnection() instanceof HttpConnection http) || !awaitingHeaders(http)) {
                continue;
            }
            long requests = http.getMessagesIn();
            long[] seen = waiting.get(endPoint);
            if (seen == null || seen[0] != requests) {
                seen = new long[]{requests, now};
            }
            if (now - seen[1] > timeoutNanos) {
                endPoint.close(new TimeoutException("request headers did not arrive within the header deadline"));
                closed++;
            } else {
                next.put(endPoint, seen);
            }
        }
        waiting = next;
        if (closed > 0) {
            LOG.info("Closed {} connections whose request headers did not arrive within {} ms", closed, timeoutNanos / 1_000_000);
        }
    }

    private static boolean awaitingHeaders(HttpConnection http) {
        HttpParser parser = http.getParser();
        return parser.inHeaderState() && (!parser.isStart() || http.getMessagesIn() == 0);
    }
}
