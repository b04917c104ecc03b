package io.countersign.mcpgateway.adapter.out;

import io.countersign.mcpgateway.McpGatewayConfig;
import io.countersign.mcpgateway.application.port.out.UpstreamServers;
import io.countersign.mcpgateway.domain.ToolCall;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The upstream MCP servers over stdio, with the Java MCP SDK's client: each server's command is spawned and
 * initialised at start; a call that fails (the server crashed, timed out, answered a JSON-RPC error or nothing
 * parseable) is an {@link UpstreamException}, and a crashed server is spawned again for the next call.
 */
public final class StdioUpstreams implements UpstreamServers, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StdioUpstreams.class);

    private final Map<String, McpGatewayConfig.Upstream> servers = new LinkedHashMap<>();
    private final Map<String, McpSyncClient> clients = new LinkedHashMap<>();
    private final Duration timeout;

    public StdioUpstreams(List<McpGatewayConfig.Upstream> upstreams, Duration timeout) {
        this.timeout = timeout;
        upstreams.forEach(u -> servers.put(u.name(), u));
    }

    /** Spawns and initialises every server; an IllegalStateException names the one that would not start. */
    public synchronized void start() {
        for (String name : servers.keySet()) {
            client(name);
        }
    }

    private synchronized McpSyncClient client(String name) {
        McpSyncClient c = clients.get(name);
        if (c != null) {
            return c;
        }
        McpGatewayConfig.Upstream u = servers.get(name);
        ServerParameters params = ServerParameters.builder(u.command()).args(u.args()).env(u.env()).build();
        McpSyncClient client = McpClient.sync(new StdioClientTransport(params, McpJsonDefaults.getMapper())).requestTimeout(timeout)
                .initializationTimeout(timeout).clientInfo(new McpSchema.Implementation("countersign-mcp-gateway", "0.1.0")).build();
        try {
            client.initialize();
        } catch (RuntimeException e) {
            client.close();
            throw new IllegalStateException("upstream MCP server " + name + " (" + u.command() + ") did not start: " + e.getMessage(), e);
        }
        LOG.info("Upstream MCP server {} started: {}", name, client.getServerInfo() == null ? "?" : client.getServerInfo().name());
        clients.put(name, client);
        return client;
    }

    @Override
    public Map<String, List<McpSchema.Tool>> tools() throws UpstreamException {
        Map<String, List<McpSchema.Tool>> out = new LinkedHashMap<>();
        for (String name : servers.keySet()) {
            try {
                List<McpSchema.Tool> tools = new ArrayList<>();
                String cursor = null;
                do {
                    McpSchema.ListToolsResult page = client(name).listTools(cursor);
                    tools.addAll(page.tools());
                    cursor = page.nextCursor();
                } while (cursor != null);
                out.put(name, tools);
            } catch (RuntimeException e) {
                throw new UpstreamException("listing the tools of " + name + " failed: " + e.getMessage());
            }
        }
        return out;
    }

    @Override
    public McpSchema.CallToolResult call(ToolCall call) throws UpstreamException {
        if (!servers.containsKey(call.server())) {
            throw new UpstreamException("no upstream server " + call.server());
        }
        try {
            return client(call.server()).callTool(new McpSchema.CallToolRequest(call.tool(), call.arguments()));
        } catch (McpError e) {
            // The server answered with a JSON-RPC error: it is alive, the call failed.
            throw new UpstreamException("JSON-RPC error " + e.getJsonRpcError().code() + ": " + e.getJsonRpcError().message());
        } catch (RuntimeException e) {
            forget(call.server()); // crashed, timed out or unparseable: spawn it again for the next call
            throw new UpstreamException(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** Drops a client after a failure, so the next call spawns the server again if it died. */
    private synchronized void forget(String name) {
        McpSyncClient c = clients.remove(name);
        if (c != null) {
            try {
                c.closeGracefully();
            } catch (RuntimeException e) {
                LOG.debug("Upstream {} did not close cleanly: {}", name, e.toString());
            }
        }
    }

    @Override
    public synchronized void close() {
        clients.values().forEach(c -> {
            try {
                c.closeGracefully();
            } catch (RuntimeException e) {
                LOG.debug("Upstream did not close cleanly: {}", e.toString());
            }
        });
        clients.clear();
    }
}
