package io.countersign.mcpgateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare JSON-RPC line client for the gateway's stdio, for input no real MCP client would send: writes lines
 * as they are, reads every JSON line the gateway answers (log lines, which do not start with a brace, are
 * skipped; a brace line that is not JSON is kept as a {@code {"unparseable": …}} answer so a test sees it).
 */
final class RawStdioClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final OutputStream in;
    private final BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();

    RawStdioClient(Process process) {
        this.process = process;
        this.in = process.getOutputStream();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("{")) {
                        try {
                            answers.add(JSON.readTree(line));
                        } catch (IOException e) {
                            answers.add(JSON.createObjectNode().put("unparseable", line));
                        }
                    }
                }
            } catch (IOException e) {
                // the gateway ended; the test sees missing answers
            }
        }, "raw-stdio-client");
        reader.setDaemon(true);
        reader.start();
    }

    void send(String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Every answer up to and including the one with string id {@code id}; AssertionError if it does not come within 60 s. */
    List<JsonNode> until(String id) throws InterruptedException {
        List<JsonNode> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            JsonNode a = answers.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (a == null) {
                throw new AssertionError("no answer with id " + id + " within 60 s (process alive: " + process.isAlive() + "); got " + got);
            }
            got.add(a);
            if (a.path("id").isTextual() && a.path("id").textValue().equals(id)) {
                return got;
            }
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws IOException {
        in.close();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }
}
