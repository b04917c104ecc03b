package io.countersign.mcpgateway.adapter.in;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.mcpgateway.application.Cancellations;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Stands between a stdio MCP client and the SDK's stdio server, which stops reading its input for good at the
 * first line it cannot deserialize: every line is checked here first, and one that is not a JSON-RPC 2.0
 * message MCP accepts (not JSON: -32700; not one object, a bad {@code jsonrpc}, an id that is neither a string
 * nor an integer, a method that is not a string, params that are not an object, a response without a result
 * or an error: -32600) is answered with a JSON-RPC error here, with its id when it had a valid one, else id
 * null, and never reaches the SDK; an invalid notification is dropped, as JSON-RPC answers no notification.
 * Lines longer than {@link #MAX_LINE} bytes are answered -32600 unread. A {@code notifications/cancelled} is
 * handled here ({@link Cancellations}; the SDK has none), and each {@code tools/call} carries its own request
 * id to the gate in {@code _meta} ({@link Cancellations#REQUEST_ID}). Both writers share one line-atomic
 * output ({@link #output}), so answers never interleave. Logs the error code, never the line.
 */
public final class JsonRpcGuard {

    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcGuard.class);
    static final int MAX_LINE = 4 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InputStream client;
    private final OutputStream out;
    /** The lines that passed, for the SDK; an empty array marks the end of the client's input. */
    private final BlockingQueue<byte[]> passed = new LinkedBlockingQueue<>(1_024);

    private final Cancellations cancellations;

    /** Guards {@code client}'s lines; answers go to {@code out}; the client's cancellations go to {@code cancellations}. */
    public JsonRpcGuard(InputStream client, OutputStream out, Cancellations cancellations) {
        this.client = client;
        this.out = out;
        this.cancellations = cancellations;
    }

    /** What the SDK's server reads: only the lines that passed. Starts the guard's reader thread. */
    public InputStream input() {
        Thread t = new Thread(this::pump, "mcp-stdio-guard");
        t.setDaemon(true);
        t.start();
        return new QueuedLines(passed);
    }

    /** What the SDK's server writes to: each line reaches the client whole, never mixed with the guard's answers. */
    public OutputStream output() {
        return new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void write(int b) throws IOException {
                line.write(b);
                if (b == '\n') {
                    emit(line.toByteArray());
                    line.reset();
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int i = off; i < off + len; i++) {
                    write(b[i]);
                }
            }
        };
    }

    private void emit(byte[] line) throws IOException {
        synchronized (out) {
            out.write(line);
            out.flush();
        }
    }

    private void pump() {
        try (client) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean tooLong = false;
            for (int b = client.read(); b >= 0; b = client.read()) {
                if (b != '\n') {
                    if (line.size() < MAX_LINE) {
                        line.write(b);
                    } else {
                        tooLong = true;
                    }
                    continue;
                }
                if (tooLong) {
                    answer(null, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid Request: a message may be at most " + MAX_LINE + " bytes");
                } else {
                    check(line.toString(StandardCharsets.UTF_8));
                }
                line.reset();
                tooLong = false;
            }
            if (line.size() > 0 && !tooLong) {
                check(line.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            LOG.info("MCP client input ended: {}", e.toString());
        } finally {
            pass(new byte[0]);
        }
    }

    private void pass(byte[] line) {
        try {
            passed.put(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void check(String line) throws IOException {
        if (line.isBlank()) {
            return;
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            answer(null, McpSchema.ErrorCodes.PARSE_ERROR, "Parse error: the line is not JSON");
            return;
        }
        String problem = problem(node);
        JsonNode id = node instanceof ObjectNode o ? o.get("id") : null;
        boolean validId = id != null && (id.isTextual() || id.isIntegralNumber());
        if (problem == null) {
            try {
                McpSchema.deserializeJsonRpcMessage(McpJsonDefaults.getMapper(), line);
            } catch (IOException | RuntimeException e) {
                problem = "Invalid Request: not a JSON-RPC message MCP knows";
            }
        }
        if (problem == null) {
            line = track(node, line, "", cancellations);
            if (line == null) {
                return; // a cancellation, handled here: the SDK's server has none
            }
            pass((line.strip() + "\n").getBytes(StandardCharsets.UTF_8));
        } else if (id == null && node.path("method").isTextual()) {
            LOG.debug("Dropped an invalid notification: {}", problem); // JSON-RPC answers no notification
        } else {
            answer(validId ? id : null, McpSchema.ErrorCodes.INVALID_REQUEST, problem);
        }
    }

    /**
     * Cancellation for a message that passed: a {@code notifications/cancelled} goes to {@code cancellations}
     * (null: nothing to forward); a {@code tools/call} gets its own request id, within {@code scope} (the HTTP
     * session), in {@code _meta} where the gate finds it, overwriting whatever the client put there; anything
     * else is {@code line} as it was.
     */
    static String track(JsonNode node, String line, String scope, Cancellations cancellations) throws IOException {
        String method = node.path("method").textValue();
        if ("notifications/cancelled".equals(method)) {
            JsonNode cancelled = node.path("params").path("requestId");
            if (cancelled.isTextual() || cancelled.isIntegralNumber()) {
                cancellations.cancel(scope + requestKey(cancelled));
            }
            return null;
        }
        JsonNode id = node.get("id");
        JsonNode params = node.get("params");
        if (!"tools/call".equals(method) || id == null || !(id.isTextual() || id.isIntegralNumber())
                || !(params == null || params instanceof ObjectNode)) {
            return line;
        }
        ObjectNode p = params == null ? ((ObjectNode) node).putObject("params") : (ObjectNode) params;
        (p.get("_meta") instanceof ObjectNode m ? m : p.putObject("_meta")).put(Cancellations.REQUEST_ID, scope + requestKey(id));
        return JSON.writeValueAsString(node);
    }

    private static String requestKey(JsonNode id) {
        return (id.isTextual() ? "s:" : "n:") + id.asText();
    }

    /** Why {@code node} is not a JSON-RPC 2.0 message MCP accepts; null when it is one. */
    private static String problem(JsonNode node) {
        if (!node.isObject()) {
            return "Invalid Request: a JSON-RPC message is one JSON object";
        }
        if (!"2.0".equals(node.path("jsonrpc").textValue())) {
            return "Invalid Request: jsonrpc must be \"2.0\"";
        }
        JsonNode id = node.get("id");
        if (id != null && !(id.isTextual() || id.isIntegralNumber())) {
            return "Invalid Request: id must be a string or an integer";
        }
        JsonNode method = node.get("method");
        if (method != null) {
            if (!method.isTextual()) {
                return "Invalid Request: method must be a string";
            }
            JsonNode params = node.get("params");
            return params == null || params.isObject() ? null : "Invalid Request: params must be an object";
        }
        if (id == null) {
            return "Invalid Request: a message without a method is a response and needs an id";
        }
        return node.has("result") || node.get("error") instanceof ObjectNode ? null : "Invalid Request: a response needs a result or an error";
    }

    private void answer(JsonNode id, int code, String message) throws IOException {
        ObjectNode error = JSON.createObjectNode().put("jsonrpc", "2.0");
        error.set("id", id);
        error.putObject("error").put("code", code).put("message", message);
        LOG.debug("Answered a malformed client message with JSON-RPC error {}", code);
        emit((JSON.writeValueAsString(error) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
