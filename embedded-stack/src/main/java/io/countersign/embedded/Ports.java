package io.countersign.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback port helpers: free ports for tests, and a clear error when a fixed port is taken. */
public final class Ports {

    private Ports() {
    }

    /** A port nobody listens on right now on 127.0.0.1. */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free loopback port", e);
        }
    }

    /** {@code port}, or a free one when it is 0. */
    public static int resolve(int port) {
        return port == 0 ? free() : port;
    }

    /**
     * Fails with a message naming the service and the option to change when {@code port} is taken.
     *
     * @param option the CLI option that sets this port, e.g. {@code --kafka-port}
     */
    public static void requireFree(int port, String service, String option) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new PortInUseException("Port " + port + " on 127.0.0.1, wanted by " + service
                    + ", is already in use (another Countersign or " + service + " running?). Stop it, or choose another port with "
                    + option + " (0 picks a free one).");
        }
    }

    /** A port that was needed is taken. */
    public static final class PortInUseException extends IllegalStateException {
        public PortInUseException(String message) {
            super(message);
        }
    }
}
