package io.countersign.mcpgateway.adapter.in;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.mcpgateway.application.Cancellations;
import io.countersign.mcpgateway.application.port.out.CallerGates;
import io.countersign.mcpgateway.application.port.out.IntentGate;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.ProtocolVersions;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MCP's Streamable HTTP transport on a Jetty core handler ({@code POST/DELETE /mcp}), for the Java MCP SDK's
 * server. Every request must carry the agent's Countersign API key as {@code Authorization: Bearer}; a request
 * without one, or with a key the ingest gateway refuses, is answered 401 before a byte of MCP is read. The
 * caller's {@link IntentGate} (its key's) travels to the tool handlers in the transport context under
 * {@link #GATE}, and a session belongs to the key that opened it: another key gets 404 for it. Requests are
 * answered as a server-sent event stream (progress notifications, then the response); the server opens no
 * GET stream (405, which the protocol allows). A session's {@code notifications/cancelled} stops its call
 * ({@link Cancellations}, request ids scoped by session). Bodies over {@link #MAX_BODY} get 413.
 */
public final class StreamableHttpTransport extends Handler.Abstract implements McpStreamableServerTransportProvider {

    private static final Logger LOG = LoggerFactory.getLogger(StreamableHttpTransport.class);
    /** The transport-context key of the caller's {@link IntentGate}. */
    public static final String GATE = "countersign.gate";
    static final String PATH = "/mcp";
    static final int MAX_BODY = 4 << 20;

    private record Session(McpStreamableServerSession session, IntentGate owner) {
    }

    private static final ObjectMapper TREE = new ObjectMapper();

    private final McpJsonMapper json;
    private final CallerGates callers;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private volatile McpStreamableServerSession.Factory factory;

    private final Cancellations cancellations;

    /** {@code cancellations}: where a session's {@code notifications/cancelled} go, each id within its session. */
    public StreamableHttpTransport(McpJsonMapper json, CallerGates callers, Cancellations cancellations) {
        this.json = json;
        this.callers = callers;
        this.cancellations = cancellations;
    }

    @Override
    public List<String> protocolVersions() {
        return List.of(ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);
    }

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory factory) {
        this.factory = factory;
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return Flux.fromIterable(sessions.values()).flatMap(s -> s.session().sendNotification(method, params)
                .onErrorResume(e -> Mono.empty())).then();
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Flux.fromIterable(sessions.values()).flatMap(s -> s.session().closeGracefully()).then(Mono.fromRunnable(sessions::clear));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!PATH.equals(Request.getPathInContext(request))) {
            return error(response, callback, 404, null, "no such endpoint; MCP is served at " + PATH);
        }
        Optional<IntentGate> caller;
        String key = BearerKey.of(request);
        if (key == null) {
            return BearerKey.challenge(response, callback, false, "send your Countersign API key as 'Authorization: Bearer <key>'");
        }
        try {
            caller = callers.forKey(key, BearerKey.principal(request));
        } catch (CallerGates.PrincipalNotAllowed e) {
            return BearerKey.forbidden(response, callback, e.getMessage());
        } catch (IntentGate.GateException e) {
            return error(response, callback, 503, null, "Countersign could not check the key; retry shortly: " + e.getMessage());
        }
        if (caller.isEmpty()) {
            return BearerKey.challenge(response, callback, true, "the API key is not valid (unknown or revoked); check the key or ask for a new one");
        }
        McpTransportContext context = McpTransportContext.create(Map.of(GATE, caller.get()));
        String sessionId = request.getHeaders().get(HttpHeaders.MCP_SESSION_ID);
        Session session = sessionId == null ? null : sessions.get(sessionId);
        if (session != null && session.owner() != caller.get()) {
            session = null; // another key's session: as if it did not exist
        }
        switch (request.getMethod()) {
            case "POST" -> post(request, response, callback, context, sessionId, session);
            case "DELETE" -> {
                if (session == null) {
                    return error(response, callback, 404, null, "no such MCP session; initialize again");
                }
                sessions.remove(sessionId);
                session.session().delete().contextWrite(c -> c.put(McpTransportContext.KEY, context)).block();
                response.setStatus(200);
                callback.succeeded();
            }
            default -> {
                response.getHeaders().put(HttpHeader.ALLOW, "POST, DELETE");
                return error(response, callback, 405, null, "this server opens no GET stream; POST JSON-RPC messages to " + PATH);
            }
        }
        return true;
    }

    private void post(Request request, Response response, Callback callback, McpTransportContext context, String sessionId,
                      Session session) throws IOException {
        if (request.getLength() > MAX_BODY) {
            error(response, callback, 413, null, "the body may be at most " + MAX_BODY + " bytes");
            return;
        }
        McpSchema.JSONRPCMessage message;
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                error(response, callback, 413, null, "the body may be at most " + MAX_BODY + " bytes");
                return;
            }
            String text = new String(body, StandardCharsets.UTF_8);
            JsonNode node = session == null ? null : TREE.readTree(text);
            if (node != null && node.isObject()) {
                text = JsonRpcGuard.track(node, text, sessionId + "/", cancellations);
                if (text == null) {
                    response.setStatus(202); // a cancellation, handled here: the SDK's server has none
                    callback.succeeded();
                    return;
                }
            }
            message = McpSchema.deserializeJsonRpcMessage(json, text);
        } catch (IOException | IllegalArgumentException e) {
            error(response, callback, 400, McpSchema.ErrorCodes.PARSE_ERROR, "not a JSON-RPC message: " + e.getClass().getSimpleName());
            return;
        }
        if (message instanceof McpSchema.JSONRPCRequest req && McpSchema.METHOD_INITIALIZE.equals(req.method())) {
            initialize(response, callback, context, req);
            return;
        }
        if (session == null) {
            error(response, callback, sessionId == null ? 400 : 404, McpSchema.ErrorCodes.INVALID_REQUEST,
                    sessionId == null ? "send the " + HttpHeaders.MCP_SESSION_ID + " header you got from initialize" : "no such MCP session; initialize again");
            return;
        }
        McpStreamableServerSession s = session.session();
        if (message instanceof McpSchema.JSONRPCRequest req) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            SseStream stream = new SseStream(json, response, callback, sessionId);
            try {
                s.responseStream(req, stream).contextWrite(c -> c.put(McpTransportContext.KEY, context)).block();
            } catch (RuntimeException e) {
                LOG.warn("MCP request {} of session {} failed: {}", req.method(), sessionId, e.toString());
            } finally {
                stream.finish();
            }
            return;
        }
        if (message instanceof McpSchema.JSONRPCNotification n) {
            s.accept(n).contextWrite(c -> c.put(McpTransportContext.KEY, context)).block();
        } else if (message instanceof McpSchema.JSONRPCResponse r) {
            s.accept(r).contextWrite(c -> c.put(McpTransportContext.KEY, context)).block();
        }
        response.setStatus(202);
        callback.succeeded();
    }

    private void initialize(Response response, Callback callback, McpTransportContext context, McpSchema.JSONRPCRequest req) {
        McpSchema.InitializeRequest init;
        try {
            init = json.convertValue(req.params(), new TypeRef<McpSchema.InitializeRequest>() {
            });
        } catch (RuntimeException e) {
            error(response, callback, 400, McpSchema.ErrorCodes.INVALID_PARAMS, "initialize needs protocolVersion, capabilities and clientInfo");
            return;
        }
        McpStreamableServerSession.McpStreamableServerSessionInit started = factory.startSession(init);
        IntentGate owner = (IntentGate) context.get(GATE);
        sessions.put(started.session().getId(), new Session(started.session(), owner));
        McpSchema.InitializeResult result = started.initResult().contextWrite(c -> c.put(McpTransportContext.KEY, context)).block();
        response.setStatus(200);
        response.getHeaders().put(HttpHeaders.MCP_SESSION_ID, started.session().getId());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        write(response, callback, new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, req.id(), result, null));
        LOG.info("MCP session {} opened over HTTP", started.session().getId());
    }

    /** An HTTP error with a JSON body: a JSON-RPC error object when {@code rpcCode} is set, else {@code {"error": message}}. */
    private boolean error(Response response, Callback callback, int status, Integer rpcCode, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        if (status == 413) {
            // The body was never read: close rather than leave the client a connection it cannot reuse.
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        Object body = Map.of("error", message);
        if (rpcCode != null) {
            // JSON-RPC's error for a message whose id is unknown: id null (which the SDK's response record refuses).
            Map<String, Object> rpc = new LinkedHashMap<>();
            rpc.put("jsonrpc", McpSchema.JSONRPC_VERSION);
            rpc.put("id", null);
            rpc.put("error", Map.of("code", rpcCode, "message", message));
            body = rpc;
        }
        write(response, callback, body);
        return true;
    }

    private void write(Response response, Callback callback, Object body) {
        try {
            Content.Sink.write(response, true, json.writeValueAsString(body), callback);
        } catch (IOException e) {
            callback.failed(e);
        }
    }
}
