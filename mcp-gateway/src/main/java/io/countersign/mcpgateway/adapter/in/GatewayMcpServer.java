package io.countersign.mcpgateway.adapter.in;

import io.countersign.mcpgateway.application.GateToolCalls;
import io.countersign.mcpgateway.domain.ToolCall;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The MCP server agents talk to, over stdio (the Java MCP SDK's server): it lists every upstream tool with
 * its schema and description unchanged, under its own name, or {@code <server>.<tool>} where two servers
 * have a tool of the same name; each {@code tools/call} goes through {@link GateToolCalls}. A client that
 * asked for progress (a {@code progressToken} in {@code _meta}) hears "waiting for human review …" while a
 * review is pending. Malformed JSON-RPC is answered with a JSON-RPC error by the SDK; a call that failed
 * upstream after it was allowed is answered with a JSON-RPC internal error.
 */
public final class GatewayMcpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMcpServer.class);

    private final McpSyncServer server;

    private GatewayMcpServer(McpSyncServer server) {
        this.server = server;
    }

    /** Serves {@code toolsByServer} on {@code in}/{@code out}, each call gated by {@code gate}. */
    public static GatewayMcpServer serve(Map<String, List<McpSchema.Tool>> toolsByServer, GateToolCalls gate, InputStream in,
                                         OutputStream out, Duration requestTimeout) {
        Map<String, Integer> names = new HashMap<>();
        toolsByServer.values().forEach(tools -> tools.forEach(t -> names.merge(t.name(), 1, Integer::sum)));
        List<McpServerFeatures.SyncToolSpecification> specs = new ArrayList<>();
        toolsByServer.forEach((server, tools) -> tools.forEach(t -> {
            String exposed = names.get(t.name()) > 1 ? server + "." + t.name() : t.name();
            McpSchema.Tool tool = new McpSchema.Tool(exposed, t.title(), t.description(), t.inputSchema(), t.outputSchema(), t.annotations(),
                    t.meta(), t.icons());
            specs.add(new McpServerFeatures.SyncToolSpecification(tool, (exchange, request) -> call(gate, server, t.name(), exchange, request)));
        }));
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(McpJsonDefaults.getMapper(), in, out))
                .serverInfo("countersign-mcp-gateway", "0.1.0")
                .instructions("Every tool call is checked by Countersign before it runs; some wait for human approval.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .requestTimeout(requestTimeout)
                .tools(specs).build();
        LOG.info("MCP gateway serving {} tools from {} upstream servers over stdio", specs.size(), toolsByServer.size());
        return new GatewayMcpServer(server);
    }

    private static McpSchema.CallToolResult call(GateToolCalls gate, String server, String tool, McpSyncServerExchange exchange,
                                                 McpSchema.CallToolRequest request) {
        Object token = request.meta() == null ? null : request.meta().get("progressToken");
        AtomicInteger step = new AtomicInteger();
        try {
            return gate.call(new ToolCall(server, tool, request.arguments(), request.meta()), message -> {
                if (token != null) {
                    exchange.progressNotification(new McpSchema.ProgressNotification(token, step.incrementAndGet(), null, message));
                }
            });
        } catch (GateToolCalls.UpstreamFailure e) {
            throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message(e.getMessage()).build();
        }
    }

    @Override
    public void close() {
        server.closeGracefully();
    }
}
