package io.countersign.ingest.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slow-loris clients on loopback, driven by the test's own thread: two fifths send their headers with an
 * API key and then trickle the body a byte at a time, two fifths do the same without a key, and a fifth
 * trickle the headers themselves. Each records the status line it gets back and whether the gateway
 * closed it. Bounded: a fixed number of sockets, each sending at most its declared body, and every
 * socket closed on {@link #close()}.
 */
final class SlowClients implements AutoCloseable {

    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3})");
    private static final int BODY_BYTES = 4_000;

    /** One slow connection: what is left to send, what came back, whether the server is done with it. */
    private static final class Slow {
        final SocketChannel channel;
        final byte[] rest;
        int sent;
        final StringBuilder answer = new StringBuilder();
        boolean cutOff;

        Slow(SocketChannel channel, byte[] rest) {
            this.channel = channel;
            this.rest = rest;
        }
    }

    private final Selector selector;
    private final List<Slow> clients = new ArrayList<>();

    private SlowClients(Selector selector) {
        this.selector = selector;
    }

    /** {@code apiKeys}: taken in turn by the clients that authenticate (each key's rate limit allows 100 at once). */
    static SlowClients open(int port, int count, String... apiKeys) throws IOException {
        SlowClients s = new SlowClients(Selector.open());
        byte[] body = ("{\"action\": \"db.read\", \"reason\": \"" + "x".repeat(BODY_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < count; i++) {
            String auth = i % 5 < 2 ? "Authorization: Bearer " + apiKeys[i % apiKeys.length] + "\r\n" : "";
            String head = "POST /v1/intents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + auth
                    + "Content-Length: " + body.length + "\r\n\r\n";
            SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            byte[] rest;
            if (i % 5 == 4) {
                // Trickles its headers: only the request line goes now.
                int line = head.indexOf("\r\n") + 2;
                ch.write(ByteBuffer.wrap(head.substring(0, line).getBytes(StandardCharsets.US_ASCII)));
                rest = (head.substring(line) + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            } else {
                ch.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
                rest = body;
            }
            ch.configureBlocking(false);
            Slow slow = new Slow(ch, rest);
            ch.register(s.selector, SelectionKey.OP_READ, slow);
            s.clients.add(slow);
        }
        return s;
    }

    /** Sends one more byte on every open connection every 500 ms for {@code duration}, reading what comes back. */
    void trickleFor(Duration duration) throws IOException {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            step();
        }
    }

    /** Trickles until the gateway has answered or closed every connection, or {@code limit} passed; returns how many are left. */
    int trickleUntilAllCutOff(Duration limit) throws IOException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end && clients.stream().anyMatch(c -> !c.cutOff)) {
            step();
        }
        return (int) clients.stream().filter(c -> !c.cutOff).count();
    }

    /** Status codes answered to the slow connections, with how often. */
    Map<Integer, Integer> statuses() {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (Slow c : clients) {
            Matcher m = STATUS.matcher(c.answer);
            if (m.find()) {
                counts.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
            }
        }
        return counts;
    }

    private void step() throws IOException {
        for (Slow c : clients) {
            if (!c.cutOff && c.sent < c.rest.length) {
                try {
                    c.channel.write(ByteBuffer.wrap(c.rest, c.sent, 1));
                    c.sent++;
                } catch (IOException e) {
                    c.cutOff = true;
                }
            }
        }
        long until = System.nanoTime() + Duration.ofMillis(500).toNanos();
        for (long left = 500; left > 0; left = (until - System.nanoTime()) / 1_000_000) {
            selector.select(left);
            for (SelectionKey key : selector.selectedKeys()) {
                read((Slow) key.attachment(), key);
            }
            selector.selectedKeys().clear();
        }
    }

    private static void read(Slow c, SelectionKey key) {
        ByteBuffer buffer = ByteBuffer.allocate(4_096);
        try {
            int n = c.channel.read(buffer);
            if (n < 0) {
                c.cutOff = true;
                key.cancel();
            } else {
                c.answer.append(new String(buffer.array(), 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            c.cutOff = true;
            key.cancel();
        }
    }

    @Override
    public void close() throws IOException {
        for (Slow c : clients) {
            c.channel.close();
        }
        selector.close();
    }
}
