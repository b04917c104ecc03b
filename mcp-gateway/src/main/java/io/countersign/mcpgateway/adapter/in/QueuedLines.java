package io.countersign.mcpgateway.adapter.in;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.BlockingQueue;

/**
 * An input stream over lines another thread queues (the lines {@link JsonRpcGuard} let through, for the SDK's
 * stdio server to read); an empty array queued marks the end. A queue, not a pipe: {@code PipedInputStream}
 * ties itself to the threads that last read and wrote it.
 */
final class QueuedLines extends InputStream {

    private final BlockingQueue<byte[]> lines;
    private byte[] line = new byte[0];
    private int at;
    private boolean ended;

    QueuedLines(BlockingQueue<byte[]> lines) {
        this.lines = lines;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (at == line.length) {
            if (ended) {
                return -1;
            }
            try {
                line = lines.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the client's next line", e);
            }
            at = 0;
            ended = line.length == 0;
        }
        int n = Math.min(len, line.length - at);
        System.arraycopy(line, at, b, off, n);
        at += n;
        return n;
    }
}
