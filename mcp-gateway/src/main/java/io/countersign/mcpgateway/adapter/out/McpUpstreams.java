package io.countersign.mcpgateway.adapter.out;

import io.countersign.mcpgateway.McpGatewayConfig;
import io.countersign.mcpgateway.application.port.out.UpstreamServers;
import io.countersign.mcpgateway.domain.ToolCall;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The upstream MCP servers, with the Java MCP SDK's client over stdio (a spawned command) or Streamable HTTP (a
 * URL; {@link UpstreamTransports}): each server is connected and initialised at start; tools, resources, templates and prompts are listed page by page from the servers that
 * offer them; a call, read or prompt request that fails (the server crashed, timed out, answered a JSON-RPC error or nothing
 * parseable, the HTTP server unreachable) is an {@link UpstreamException}, and the failed server is spawned or connected
 * again (a new session) for the next call.
 */
public final class McpUpstreams implements UpstreamServers, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(McpUpstreams.class);

    private final Map<String, McpGatewayConfig.Upstream> servers = new LinkedHashMap<>();
    private final Map<String, McpSyncClient> clients = new LinkedHashMap<>();
    private final Duration timeout;

    public McpUpstreams(List<McpGatewayConfig.Upstream> upstreams, Duration timeout) {
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
        McpSyncClient client = McpClient.sync(UpstreamTransports.of(u, timeout)).requestTimeout(timeout)
                .initializationTimeout(timeout).clientInfo(new McpSchema.Implementation("countersign-mcp-gateway", "0.1.0")).build();
        try {
            client.initialize();
        } catch (RuntimeException e) {
            client.close();
            throw new IllegalStateException("upstream MCP server " + name + " (" + UpstreamTransports.describe(u) + ") did not start: " + e.getMessage(), e);
        }
        LOG.info("Upstream MCP server {} started: {}", name, client.getServerInfo() == null ? "?" : client.getServerInfo().name());
        clients.put(name, client);
        return client;
    }

    @Override
    public Map<String, List<McpSchema.Tool>> tools() throws UpstreamException {
        return listAll("tools", caps -> caps.tools() != null, (c, cursor) -> {
            McpSchema.ListToolsResult page = c.listTools(cursor);
            return new Page<>(page.tools(), page.nextCursor());
        });
    }

    @Override
    public McpSchema.CallToolResult call(ToolCall call) throws UpstreamException {
        return send(call.server(), c -> c.callTool(new McpSchema.CallToolRequest(call.tool(), call.arguments())));
    }

    @Override
    public Map<String, List<McpSchema.Resource>> resources() throws UpstreamException {
        return listAll("resources", caps -> caps.resources() != null, (c, cursor) -> {
            McpSchema.ListResourcesResult page = c.listResources(cursor);
            return new Page<>(page.resources(), page.nextCursor());
        });
    }

    @Override
    public Map<String, List<McpSchema.ResourceTemplate>> resourceTemplates() throws UpstreamException {
        return listAll("resource templates", caps -> caps.resources() != null, (c, cursor) -> {
            McpSchema.ListResourceTemplatesResult page = c.listResourceTemplates(cursor);
            return new Page<>(page.resourceTemplates(), page.nextCursor());
        });
    }

    @Override
    public McpSchema.ReadResourceResult read(String server, String uri) throws UpstreamException {
        return send(server, c -> c.readResource(new McpSchema.ReadResourceRequest(uri)));
    }

    @Override
    public Map<String, List<McpSchema.Prompt>> prompts() throws UpstreamException {
        return listAll("prompts", caps -> caps.prompts() != null, (c, cursor) -> {
            McpSchema.ListPromptsResult page = c.listPrompts(cursor);
            return new Page<>(page.prompts(), page.nextCursor());
        });
    }

    @Override
    public McpSchema.GetPromptResult prompt(String server, McpSchema.GetPromptRequest request) throws UpstreamException {
        return send(server, c -> c.getPrompt(request));
    }

    private record Page<T>(List<T> items, String nextCursor) {
    }

    /** Every page of a list from every server whose capabilities {@code offers} it. */
    private <T> Map<String, List<T>> listAll(String what, Predicate<McpSchema.ServerCapabilities> offers,
                                             BiFunction<McpSyncClient, String, Page<T>> list) throws UpstreamException {
        Map<String, List<T>> out = new LinkedHashMap<>();
        for (String name : servers.keySet()) {
            try {
                McpSyncClient client = client(name);
                if (client.getServerCapabilities() == null || !offers.test(client.getServerCapabilities())) {
                    continue;
                }
                List<T> items = new ArrayList<>();
                String cursor = null;
                do {
                    Page<T> page = list.apply(client, cursor);
                    items.addAll(page.items());
                    cursor = page.nextCursor();
                } while (cursor != null);
                out.put(name, items);
            } catch (RuntimeException e) {
                throw new UpstreamException("listing the " + what + " of " + name + " failed: " + e.getMessage());
            }
        }
        return out;
    }

    /** One request to {@code server}; a crashed, timed-out or unparseable server is spawned again for the next. */
    private <T> T send(String server, Function<McpSyncClient, T> request) throws UpstreamException {
        if (!servers.containsKey(server)) {
            throw new UpstreamException("no upstream server " + server);
        }
        try {
            return request.apply(client(server));
        } catch (McpError e) {
            // The server answered with a JSON-RPC error: it is alive, the request failed.
            throw new UpstreamException("JSON-RPC error " + e.getJsonRpcError().code() + ": " + e.getJsonRpcError().message());
        } catch (RuntimeException e) {
            forget(server); // crashed, timed out, unparseable or unreachable: spawn or connect again for the next call
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
