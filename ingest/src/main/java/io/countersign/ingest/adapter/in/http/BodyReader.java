package io.countersign.ingest.adapter.in.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Reads (or discards) a request body without holding a thread while it arrives, within a total
 * deadline. Jetty calls back when bytes come in, so a client trickling its body a byte at a time costs
 * a connection, not a thread; and the deadline is on the whole body, because Jetty's idle timeout
 * starts again with every byte and so does not bound a trickle. Fails with {@link HttpProblem}s: 408
 * when the deadline passes, 413 beyond the size limit, 400 when the client breaks off.
 */
final class BodyReader implements Runnable {

    private final Request request;
    private final long max;
    private final ByteArrayOutputStream kept;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private long total;

    private BodyReader(Request request, long max, boolean keep) {
        this.request = request;
        this.max = max;
        this.kept = keep ? new ByteArrayOutputStream() : null;
    }

    /** The body, at most {@code max} bytes, arrived whole within {@code deadline}. */
    static CompletableFuture<byte[]> read(Request request, int max, Duration deadline) {
        return new BodyReader(request, max, true).start(deadline);
    }

    /** Reads and drops a body of at most {@code max} bytes arriving within {@code deadline} (so a refused client reads its answer). */
    static CompletableFuture<byte[]> discard(Request request, long max, Duration deadline) {
        return new BodyReader(request, max, false).start(deadline);
    }

    /** The {@link HttpProblem} (or other runtime exception) a failed read ended with. */
    static RuntimeException cause(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return t instanceof RuntimeException r ? r : new HttpProblem(400, "bad_body", "the body could not be read completely ("
                + t.getClass().getSimpleName() + ")");
    }

    private CompletableFuture<byte[]> start(Duration deadline) {
        Scheduler.Task timeout = request.getComponents().getScheduler().schedule(() -> result.completeExceptionally(
                new HttpProblem(408, "body_timeout", "the body did not arrive whole within " + deadline.toMillis()
                        + " ms; send it in one go")), deadline.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((body, failure) -> timeout.cancel());
        run();
        return result;
    }

    /** Reads what has arrived; asks Jetty to call again when more does. */
    @Override
    public void run() {
        while (!result.isDone()) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                result.completeExceptionally(new HttpProblem(400, "bad_body", "the body could not be read completely ("
                        + chunk.getFailure().getClass().getSimpleName() + ")"));
                return;
            }
            ByteBuffer bytes = chunk.getByteBuffer();
            total += bytes.remaining();
            if (total > max) {
                chunk.release();
                result.completeExceptionally(new HttpProblem(413, "body_too_large", "the body is larger than the limit of " + max + " bytes"));
                return;
            }
            if (kept != null) {
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                kept.writeBytes(copy);
            }
            chunk.release();
            if (chunk.isLast()) {
                result.complete(kept == null ? new byte[0] : kept.toByteArray());
            }
        }
    }
}
