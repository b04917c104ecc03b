package io.countersign.mcpgateway.adapter.out;

import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.countersign.mcpgateway.McpGatewayConfig;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The Java MCP SDK client transport for one configured upstream: a spawned process over stdio for a
 * {@code command}, the SDK's Streamable HTTP client ({@link HttpClientStreamableHttpTransport}) for a {@code url},
 * sending the configured headers on every request. Header values are secrets: they go to the server and nowhere else.
 */
final class UpstreamTransports {

    private UpstreamTransports() {
    }

    static McpClientTransport of(McpGatewayConfig.Upstream u, Duration connectTimeout) {
        if (u.url() == null) {
            return new StdioClientTransport(ServerParameters.builder(u.command()).args(u.args()).env(u.env()).build(),
                    McpJsonDefaults.getMapper());
        }
        URI url = URI.create(u.url());
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String base = url.getScheme() + "://" + url.getRawAuthority();
        Map<String, String> headers = u.headers();
        return HttpClientStreamableHttpTransport.builder(base).endpoint(path + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()))
                .connectTimeout(connectTimeout).jsonMapper(McpJsonDefaults.getMapper())
                .httpRequestCustomizer((request, method, uri, body, context) -> headers.forEach(request::setHeader))
                .build();
    }

    /** What the logs may say about the upstream: its command or URL, never its env or headers. */
    static String describe(McpGatewayConfig.Upstream u) {
        return u.url() != null ? u.url() : u.command();
    }
}
