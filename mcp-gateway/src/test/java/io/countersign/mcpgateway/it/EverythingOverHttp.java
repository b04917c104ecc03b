package io.countersign.mcpgateway.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The reference server {@code @modelcontextprotocol/server-everything} run by the machine's node in its Streamable
 * HTTP mode ({@code streamableHttp}; it takes its port from {@code PORT}) on a free port, reached on the loopback
 * address: a real Streamable HTTP upstream for the gateway, and a direct line to compare the gateway's results with.
 */
final class EverythingOverHttp implements AutoCloseable {

    private final Process process;
    private final URI url;

    private EverythingOverHttp(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    /** Starts {@code indexJs} and waits until it listens. */
    static EverythingOverHttp start(Path indexJs) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder("node", indexJs.toString(), "streamableHttp").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PORT", Integer.toString(port));
        Process process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new EverythingOverHttp(process, URI.create("http://127.0.0.1:" + port + "/mcp"));
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    process.destroyForcibly();
                    throw new IllegalStateException("server-everything (streamableHttp) did not listen on port " + port, notYet);
                }
                Thread.sleep(200);
            }
        }
    }

    /** Its MCP endpoint. */
    URI url() {
        return url;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
