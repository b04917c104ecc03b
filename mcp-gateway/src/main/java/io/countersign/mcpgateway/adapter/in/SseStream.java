package io.countersign.mcpgateway.adapter.in;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One POSTed JSON-RPC request's answer as a server-sent event stream (Streamable HTTP): the SDK's session
 * writes progress notifications and then the response through it, one {@code message} event each, and
 * closes it; {@link #finish} ends the HTTP response exactly once. A client that went away makes the writes
 * fail, which the session sees as a failed send.
 */
final class SseStream implements McpStreamableServerTransport {

    private static final Logger LOG = LoggerFactory.getLogger(SseStream.class);

    private final McpJsonMapper json;
    private final Response response;
    private final Callback done;
    private final String sessionId;
    private final AtomicBoolean finished = new AtomicBoolean();

    SseStream(McpJsonMapper json, Response response, Callback done, String sessionId) {
        this.json = json;
        this.response = response;
        this.done = done;
        this.sessionId = sessionId;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return sendMessage(message, null);
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                if (finished.get()) {
                    return;
                }
                try (Blocker.Callback written = Blocker.callback()) {
                    String event = (messageId == null ? "" : "id: " + messageId + "\n") + "event: message\ndata: "
                            + json.writeValueAsString(message) + "\n\n";
                    Content.Sink.write(response, false, event, written);
                    written.block();
                } catch (IOException e) {
                    LOG.debug("MCP session {}: the client went away mid-answer: {}", sessionId, e.toString());
                    throw new IllegalStateException("client disconnected", e);
                }
            }
        });
    }

    /** Ends the HTTP response (once; later calls do nothing). */
    synchronized void finish() {
        if (finished.compareAndSet(false, true)) {
            response.write(true, BufferUtil.EMPTY_BUFFER, done);
        }
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
        return json.convertValue(data, type);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(this::finish);
    }

    @Override
    public void close() {
        finish();
    }
}
