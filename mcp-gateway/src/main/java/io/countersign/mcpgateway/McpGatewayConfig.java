package io.countersign.mcpgateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.countersign.config.ConfigException;
import io.countersign.mcpgateway.domain.ToolRule;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code mcp-gateway:} section of countersign.yaml: which upstream MCP servers the gateway fronts, how each
 * tool call becomes an action intent, and the Countersign gateway and API key it submits them with.
 *
 * <pre>
 * mcp-gateway:
 *   gatewayUrl: http://127.0.0.1:8088         # the ingest gateway
 *   apiKey: ${COUNTERSIGN_API_KEY:-}          # the agent's key: the agent identity comes from it, never from a call
 *   principal: ${COUNTERSIGN_PRINCIPAL:-}     # stdio: the human the agent acts for (user:alice@example.com); HTTP: each key's owner
 *   environment: prod
 *   reviewWait: 10m                           # how long a call waits for human review before it is answered as denied
 *   http:                                     # optional: serve MCP over Streamable HTTP (POST /mcp) instead of stdio;
 *     host: 127.0.0.1                         #   each agent sends its own Countersign API key as a bearer token
 *     port: 8091                              #   (and Claude Code's HTTP hook, POST /hooks/claude-code)
 *   servers:
 *     - name: fs                              # tool names are namespaced fs.&lt;tool&gt; only where two servers collide
 *       command: npx
 *       args: ["-y", "@modelcontextprotocol/server-filesystem", "/srv/reports"]
 *       env: {}
 *     - name: tickets                         # or a Streamable HTTP server: its MCP endpoint and the headers it needs
 *       url: http://127.0.0.1:3001/mcp
 *       headers: {Authorization: "Bearer ${TICKETS_MCP_TOKEN}"}   # from the environment; never logged
 *   tools:                                    # per tool (server.tool): how its call reads as an intent
 *     fs.write_file:
 *       action: file.write                    # default mcp.&lt;server&gt;.&lt;tool&gt;
 *       targets: [{argument: path, uri: "file://{}"}]   # argument paths become dataset URIs: labels and lineage apply
 *       reasonArgument: reason                # else the call's _meta.reason, else "MCP tools/call ..."
 * </pre>
 */
public record McpGatewayConfig(
        @JsonProperty("gatewayUrl") String gatewayUrl,
        @JsonProperty("apiKey") String apiKey,
        @JsonProperty("principal") String principal,
        @JsonProperty("environment") String environment,
        @JsonProperty("reviewWait") String reviewWait,
        @JsonProperty("http") Http http,
        @JsonProperty("servers") List<Upstream> servers,
        @JsonProperty("tools") Map<String, ToolRule> tools) {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,32}");
    public static final McpGatewayConfig DEFAULTS = new McpGatewayConfig(null, null, null, null, null, null, List.of(), Map.of());

    /**
     * One upstream MCP server: either a {@code command} the gateway spawns and talks to over stdio, or the
     * {@code url} of a Streamable HTTP server (its MCP endpoint, e.g. {@code http://127.0.0.1:3001/mcp}) with
     * {@code headers} sent on every request (write secrets as {@code ${VAR}}: they come from the environment and
     * are never logged nor printed by {@link #toString()}).
     */
    public record Upstream(@JsonProperty("name") String name, @JsonProperty("command") String command,
                           @JsonProperty("args") List<String> args, @JsonProperty("env") Map<String, String> env,
                           @JsonProperty("url") String url, @JsonProperty("headers") Map<String, String> headers) {
        /** Headers the HTTP client or the MCP transport sets itself: configuring them would break the protocol. */
        private static final java.util.Set<String> RESERVED = java.util.Set.of("host", "content-length", "connection", "upgrade",
                "expect", "accept", "content-type", "mcp-session-id", "mcp-protocol-version", "last-event-id");
        private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");

        public Upstream {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new ConfigException("mcp-gateway.servers[].name must be 1-32 letters, digits, '-' or '_' (got " + name + ")");
            }
            boolean hasCommand = command != null && !command.isBlank();
            url = url == null || url.isBlank() ? null : url.strip();
            if (hasCommand == (url != null)) {
                throw new ConfigException("mcp-gateway.servers[" + name + "] needs exactly one of command (a program that runs the MCP"
                        + " server over stdio) or url (a Streamable HTTP MCP endpoint)");
            }
            if (url != null) {
                requireHttpUrl(url, "mcp-gateway.servers[" + name + "].url must be the server's http(s) MCP endpoint, e.g."
                        + " http://127.0.0.1:3001/mcp");
            }
            args = args == null ? List.of() : List.copyOf(args);
            env = env == null ? Map.of() : Map.copyOf(env);
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            if (url == null && !headers.isEmpty()) {
                throw new ConfigException("mcp-gateway.servers[" + name + "].headers apply to a url server only");
            }
            for (Map.Entry<String, String> h : headers.entrySet()) {
                if (!HEADER.matcher(h.getKey()).matches() || RESERVED.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                    throw new ConfigException("mcp-gateway.servers[" + name + "].headers: " + h.getKey()
                            + " is not a header name the gateway may set (a token of at most 64 characters, not one the transport sets)");
                }
                if (h.getValue() == null || h.getValue().chars().anyMatch(c -> c == '\r' || c == '\n')) {
                    throw new ConfigException("mcp-gateway.servers[" + name + "].headers." + h.getKey() + " must be one line of text");
                }
            }
        }

        /** Names what runs, never the values of env or headers (they may hold secrets). */
        @Override
        public String toString() {
            return url != null ? "Upstream[" + name + ", " + url + ", headers " + new java.util.TreeSet<>(headers.keySet()) + "]"
                    : "Upstream[" + name + ", " + command + ", env " + new java.util.TreeSet<>(env.keySet()) + "]";
        }
    }

    /**
     * Streamable HTTP for agents: the address to listen on (loopback unless set otherwise), port 0 for any free
     * one. Agents authenticate with their own API key as {@code Authorization: Bearer}; the intents of their calls
     * are submitted with that key, so the ingest gateway decides who the agent is.
     */
    public record Http(@JsonProperty("host") String host, @JsonProperty("port") Integer port) {
        public Http {
            host = host == null || host.isBlank() ? "127.0.0.1" : host.strip();
            port = port == null ? 8091 : port;
            if (port < 0 || port > 65_535) {
                throw new ConfigException("mcp-gateway.http.port must be 0-65535 (got " + port + ")");
            }
        }
    }

    public McpGatewayConfig {
        gatewayUrl = gatewayUrl == null || gatewayUrl.isBlank() ? "http://127.0.0.1:8088" : gatewayUrl.strip();
        requireHttpUrl(gatewayUrl, "mcp-gateway.gatewayUrl must be the ingest gateway's http(s) URL (got " + gatewayUrl + ")");
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        principal = principal == null || principal.isBlank() ? null : principal.strip();
        environment = environment == null || environment.isBlank() ? null : environment.strip();
        reviewWait = reviewWait == null || reviewWait.isBlank() ? "10m" : reviewWait.strip();
        servers = servers == null ? List.of() : List.copyOf(servers);
        tools = tools == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(tools));
        if (servers.stream().map(Upstream::name).distinct().count() != servers.size()) {
            throw new ConfigException("mcp-gateway.servers: two servers have the same name");
        }
        duration(reviewWait); // fail at load, not on the first review
    }

    private static void requireHttpUrl(String url, String message) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null || uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(message);
        }
    }

    /** {@link #reviewWait} as a duration: {@code 90s}, {@code 10m}, {@code 1h}. */
    public Duration reviewWaitDuration() {
        return duration(reviewWait);
    }

    private static Duration duration(String reviewWait) {
        java.util.regex.Matcher m = Pattern.compile("(\\d{1,6})(ms|s|m|h)").matcher(reviewWait);
        if (!m.matches()) {
            throw new ConfigException("mcp-gateway.reviewWait must look like 90s, 10m or 1h (got " + reviewWait + ")");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** This configuration with {@code key} and {@code url} (as `up` wires it). */
    public McpGatewayConfig withGateway(String url, String key) {
        return new McpGatewayConfig(url, key, principal, environment, reviewWait, http, servers, tools);
    }

    @Override
    public String toString() {
        return "McpGatewayConfig[" + gatewayUrl + ", key " + (apiKey == null ? "none" : "set") + ", " + servers.size() + " servers]";
    }
}
