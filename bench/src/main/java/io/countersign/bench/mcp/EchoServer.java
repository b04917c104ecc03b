package io.countersign.bench.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The upstream MCP server of {@code bench mcp}: one tool, {@code echo}, answering its {@code message} argument at
 * once, over stdio with the Java MCP SDK's server. It costs next to nothing, so what the bench measures is the
 * path to it: directly, or through the gateway.
 */
public final class EchoServer {

    private EchoServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        McpSchema.Tool echo = McpSchema.Tool.builder().name("echo").description("Answers its message.")
                .inputSchema(Map.of("type", "object", "properties", Map.of("message", Map.of("type", "string")), "required", List.of("message")))
                .build();
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(McpJsonDefaults.getMapper()))
                .serverInfo("countersign-bench-echo", "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(new McpServerFeatures.SyncToolSpecification(echo, (exchange, request) -> McpSchema.CallToolResult.builder()
                        .content(List.of(new McpSchema.TextContent(String.valueOf(request.arguments().get("message"))))).isError(false).build()))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(server::closeGracefully));
        new CountDownLatch(1).await(); // until the client closes stdin and the process is ended
    }
}
