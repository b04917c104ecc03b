package io.countersign.embedded.faults;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on loopback in front of a real service, for fault-injection tests: clients connect to
 * {@link #port()} and reach the target until {@link #cut()}, which drops every open connection and
 * resets new ones (the service looks down to its clients while it keeps running), until
 * {@link #restore()}. Loopback only; bytes are relayed untouched.
 */
public final class FaultyLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultyLink.class);
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean up = true;
    private volatile boolean closed;

    private FaultyLink(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
    }

    /** A relay to {@code 127.0.0.1:targetPort} on a free loopback port. */
    public static FaultyLink to(int targetPort) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        FaultyLink link = new FaultyLink(server, new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
        Thread acceptor = new Thread(link::accept, "faulty-link-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        return link;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The service is unreachable from now on: open connections are dropped, new ones reset. */
    public void cut() {
        up = false;
        open.forEach(FaultyLink::closeQuietly);
        open.clear();
        LOG.info("Link {} -> {} cut", port(), target.getPort());
    }

    public void restore() {
        up = true;
        LOG.info("Link {} -> {} restored", port(), target.getPort());
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (!up) {
                try {
                    client.setSoLinger(true, 0); // RST, like a host that is down
                } catch (IOException ignored) {
                    // closing anyway
                }
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16_384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // the other side went away, or the link was cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "faulty-link-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        cut();
        server.close();
    }
}
