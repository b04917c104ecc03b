package io.countersign.mcpgateway.adapter.in;

import io.countersign.mcpgateway.application.Cancellations;
import io.countersign.mcpgateway.application.GateToolCalls;
import io.countersign.mcpgateway.application.port.out.IntentGate;
import io.countersign.mcpgateway.application.port.out.UpstreamServers;
import io.countersign.mcpgateway.domain.ToolCall;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What the gateway offers agents, as the Java MCP SDK's server features: every upstream tool (named
 * {@code <server>.<tool>} only where two servers collide; each call gated), resource and resource template
 * (each read gated as {@code mcp.resource.read}; where two servers list the same URI, the first configured
 * serves it) and prompt (passed through, named like tools). Over HTTP the gate submits as the caller, with its
 * own key ({@link StreamableHttpTransport#GATE}); over stdio with the configured one.
 */
record GatedFeatures(List<McpServerFeatures.SyncToolSpecification> tools, List<McpServerFeatures.SyncResourceSpecification> resources,
                     List<McpServerFeatures.SyncResourceTemplateSpecification> templates,
                     List<McpServerFeatures.SyncPromptSpecification> prompts) {

    /** JSON-RPC error code of a resource read Countersign did not allow (in the range JSON-RPC leaves to servers). */
    static final int NOT_ALLOWED = -32001;

    static GatedFeatures of(UpstreamServers upstreams, GateToolCalls gate, Cancellations cancellations) throws UpstreamServers.UpstreamException {
        List<McpServerFeatures.SyncToolSpecification> tools = new ArrayList<>();
        Map<String, List<McpSchema.Tool>> toolsByServer = upstreams.tools();
        Set<String> toolCollisions = collisions(toolsByServer, McpSchema.Tool::name);
        toolsByServer.forEach((server, list) -> list.forEach(t -> {
            String exposed = toolCollisions.contains(t.name()) ? server + "." + t.name() : t.name();
            McpSchema.Tool tool = new McpSchema.Tool(exposed, t.title(), t.description(), t.inputSchema(), t.outputSchema(), t.annotations(),
                    t.meta(), t.icons());
            tools.add(new McpServerFeatures.SyncToolSpecification(tool, (exchange, request) -> call(callers(gate, exchange), server,
                    t.name(), exchange, request, cancellations)));
        }));
        List<McpServerFeatures.SyncResourceSpecification> resources = new ArrayList<>();
        Set<String> uris = new HashSet<>();
        upstreams.resources().forEach((server, list) -> list.stream().filter(r -> uris.add(r.uri())).forEach(r -> resources.add(
                new McpServerFeatures.SyncResourceSpecification(r, (exchange, request) -> read(callers(gate, exchange), server, exchange, request)))));
        List<McpServerFeatures.SyncResourceTemplateSpecification> templates = new ArrayList<>();
        upstreams.resourceTemplates().forEach((server, list) -> list.stream().filter(t -> uris.add(t.uriTemplate())).forEach(t -> templates.add(
                new McpServerFeatures.SyncResourceTemplateSpecification(t, (exchange, request) -> read(callers(gate, exchange), server, exchange,
                        request)))));
        List<McpServerFeatures.SyncPromptSpecification> prompts = new ArrayList<>();
        Map<String, List<McpSchema.Prompt>> promptsByServer = upstreams.prompts();
        Set<String> promptCollisions = collisions(promptsByServer, McpSchema.Prompt::name);
        promptsByServer.forEach((server, list) -> list.forEach(p -> {
            String exposed = promptCollisions.contains(p.name()) ? server + "." + p.name() : p.name();
            McpSchema.Prompt prompt = new McpSchema.Prompt(exposed, p.title(), p.description(), p.arguments(), p.meta(), p.icons());
            prompts.add(new McpServerFeatures.SyncPromptSpecification(prompt, (exchange, request) -> {
                try {
                    return upstreams.prompt(server, new McpSchema.GetPromptRequest(p.name(), request.arguments(), request.meta()));
                } catch (UpstreamServers.UpstreamException e) {
                    throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message("the " + server + " server failed: " + e.getMessage())
                            .build();
                }
            }));
        }));
        return new GatedFeatures(List.copyOf(tools), List.copyOf(resources), List.copyOf(templates), List.copyOf(prompts));
    }

    private static <T> Set<String> collisions(Map<String, List<T>> byServer, java.util.function.Function<T, String> name) {
        Map<String, Integer> counts = new HashMap<>();
        byServer.values().forEach(list -> list.forEach(t -> counts.merge(name.apply(t), 1, Integer::sum)));
        Set<String> out = new HashSet<>();
        counts.forEach((n, c) -> {
            if (c > 1) {
                out.add(n);
            }
        });
        return out;
    }

    /** The gate as the caller: over HTTP, with the caller's own key; over stdio, the configured one. */
    private static GateToolCalls callers(GateToolCalls gate, McpSyncServerExchange exchange) {
        Object caller = exchange.transportContext() == null ? null : exchange.transportContext().get(StreamableHttpTransport.GATE);
        return caller instanceof IntentGate g ? gate.as(g) : gate;
    }

    private static McpSchema.CallToolResult call(GateToolCalls gate, String server, String tool, McpSyncServerExchange exchange,
                                                 McpSchema.CallToolRequest request, Cancellations cancellations) {
        Object requestId = request.meta() == null ? null : request.meta().get(Cancellations.REQUEST_ID);
        String key = requestId instanceof String s ? s : null;
        try {
            return gate.call(new ToolCall(server, tool, request.arguments(), request.meta()), progress(exchange, request.meta()),
                    cancellations.track(key));
        } catch (GateToolCalls.UpstreamFailure e) {
            throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message(e.getMessage()).build();
        } finally {
            cancellations.done(key);
        }
    }

    private static McpSchema.ReadResourceResult read(GateToolCalls gate, String server, McpSyncServerExchange exchange,
                                                     McpSchema.ReadResourceRequest request) {
        try {
            return gate.read(server, request.uri(), request.meta(), progress(exchange, request.meta()));
        } catch (GateToolCalls.Refused e) {
            throw McpError.builder(NOT_ALLOWED).message(e.getMessage()).build();
        } catch (GateToolCalls.UpstreamFailure e) {
            throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message(e.getMessage()).build();
        }
    }

    /** Progress notifications to a client that asked for them (a {@code progressToken} in {@code _meta}). */
    private static Consumer<String> progress(McpSyncServerExchange exchange, Map<String, Object> meta) {
        Object token = meta == null ? null : meta.get("progressToken");
        AtomicInteger step = new AtomicInteger();
        return message -> {
            if (token != null) {
                exchange.progressNotification(new McpSchema.ProgressNotification(token, step.incrementAndGet(), null, message));
            }
        };
    }
}
