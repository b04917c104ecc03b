package io.countersign.mcpgateway.adapter.in;

import io.countersign.mcpgateway.application.Cancellations;
import io.countersign.mcpgateway.application.GateToolCalls;
import io.countersign.mcpgateway.application.port.out.UpstreamServers;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The MCP server agents talk to, over stdio or Streamable HTTP (the Java MCP SDK's server): it offers every
 * upstream tool, resource, resource template and prompt ({@link GatedFeatures}); each {@code tools/call} and
 * {@code resources/read} goes through {@link GateToolCalls}, prompts pass through. A client that
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

    /**
     * Serves the upstreams' tools, resources and prompts on {@code in}/{@code out}, gated by {@code gate}; a call
     * whose request id ({@link Cancellations#REQUEST_ID} in its {@code _meta}) is cancelled never runs.
     */
    public static GatewayMcpServer serve(UpstreamServers upstreams, GateToolCalls gate, InputStream in, OutputStream out,
                                         Duration requestTimeout, Cancellations cancellations) throws UpstreamServers.UpstreamException {
        GatedFeatures features = GatedFeatures.of(upstreams, gate, cancellations);
        McpSyncServer server = configure(McpServer.sync(new StdioServerTransportProvider(McpJsonDefaults.getMapper(), in, out)), requestTimeout,
                features).build();
        LOG.info("MCP gateway serving {} tools, {} resources over stdio", features.tools().size(), features.resources().size());
        return new GatewayMcpServer(server);
    }

    /**
     * Serves the upstreams over Streamable HTTP ({@code transport}), gated by {@code gate} as the calling agent: its
     * intents go with the API key it authenticated with ({@link StreamableHttpTransport#GATE}).
     */
    public static GatewayMcpServer serve(UpstreamServers upstreams, GateToolCalls gate, StreamableHttpTransport transport,
                                         Duration requestTimeout, Cancellations cancellations) throws UpstreamServers.UpstreamException {
        GatedFeatures features = GatedFeatures.of(upstreams, gate, cancellations);
        McpSyncServer server = configure(McpServer.sync(transport), requestTimeout, features).build();
        LOG.info("MCP gateway serving {} tools, {} resources over Streamable HTTP", features.tools().size(), features.resources().size());
        return new GatewayMcpServer(server);
    }

    @SuppressWarnings("unchecked") // the SDK's builder methods return SyncSpecification<B>, which is the B passed in
    private static <B extends McpServer.SyncSpecification<B>> B configure(B builder, Duration requestTimeout, GatedFeatures features) {
        return (B) builder.serverInfo("countersign-mcp-gateway", "0.1.0")
                .instructions("Every tool call and resource read is checked by Countersign before it runs; some wait for human approval.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).prompts(false).build())
                .requestTimeout(requestTimeout)
                .tools(features.tools()).resources(features.resources()).resourceTemplates(features.templates()).prompts(features.prompts());
    }

    @Override
    public void close() {
        server.closeGracefully();
    }
}
