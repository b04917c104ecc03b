package io.countersign.mcpgateway;

import io.countersign.config.ConfigException;
import io.countersign.config.ConfigLoader;
import io.countersign.mcpgateway.adapter.in.ClaudeCodeHookRoute;
import io.countersign.mcpgateway.adapter.in.GatewayMcpServer;
import io.countersign.mcpgateway.adapter.in.JsonRpcGuard;
import io.countersign.mcpgateway.adapter.in.StreamableHttpTransport;
import io.countersign.mcpgateway.adapter.out.BackgroundReports;
import io.countersign.mcpgateway.adapter.out.CountersignCallerGates;
import io.countersign.mcpgateway.adapter.out.CountersignIntentGate;
import io.countersign.mcpgateway.adapter.out.McpUpstreams;
import io.countersign.mcpgateway.application.Cancellations;
import io.countersign.mcpgateway.application.GateToolCalls;
import io.countersign.sdk.Countersign;
import io.countersign.http.JettyServer;
import io.countersign.service.ServiceLifecycle;
import io.modelcontextprotocol.json.McpJsonDefaults;
import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The MCP gateway as a deployable ({@code countersign mcp-gateway}, or this class's {@code main}): spawns (stdio) or connects to
 * (Streamable HTTP) the configured upstream MCP servers, serves MCP on standard input and output (so an MCP client config runs it as
 * its server command), or over Streamable HTTP when {@code mcp-gateway.http} is set, and gates every {@code tools/call} through Countersign ({@link GateToolCalls}). Its
 * start-up facts and logs go to standard error, which stdio MCP leaves free. It ends when the client closes
 * its standard input (stdio), or on SIGTERM/SIGINT. Reads and writes no topic itself: intents and execution reports go
 * through the ingest gateway's API.
 */
public final class McpGatewayService implements AutoCloseable, ServiceLifecycle.EndsByItself {

    static final String NAME = "mcp-gateway";
    private static final Logger LOG = LoggerFactory.getLogger(McpGatewayService.class);

    /** What to close, in order: the server first, the upstreams and clients after it. */
    private final List<AutoCloseable> parts;
    private final CountDownLatch end;

    private McpGatewayService(List<AutoCloseable> parts, CountDownLatch end) {
        this.parts = List.copyOf(parts);
        this.end = end;
    }

    public static void main(String[] args) {
        System.exit(ServiceLifecycle.main("countersign-" + NAME, args, McpGatewayService::start, new PrintWriter(System.err, true)));
    }

    /** Starts the gateway from countersign.yaml's mcp-gateway section on this process's standard input and output. */
    public static McpGatewayService start(ConfigLoader config, PrintWriter facts) throws Exception {
        return start(config.section(NAME, McpGatewayConfig.class, McpGatewayConfig.DEFAULTS), System.in, System.out, facts);
    }

    /** Starts the gateway serving MCP on {@code in}/{@code out}. */
    public static McpGatewayService start(McpGatewayConfig config, InputStream in, OutputStream out, PrintWriter facts) throws Exception {
        if (config.http() != null) {
            return startHttp(config, facts);
        }
        if (config.apiKey() == null) {
            throw new ConfigException("mcp-gateway.apiKey is required: the agent's Countersign API key (COUNTERSIGN_API_KEY;"
                    + " make one with `countersign keys create`)");
        }
        requireUpstreams(config);
        if (config.principal() == null) {
            throw new ConfigException("mcp-gateway.principal is required over stdio: the human the agent acts for, e.g. user:alice@example.com"
                    + " (COUNTERSIGN_PRINCIPAL); over HTTP (mcp-gateway.http) it is each key's owner");
        }
        Duration wait = config.reviewWaitDuration();
        Countersign client = Countersign.connect(URI.create(config.gatewayUrl()), config.apiKey());
        McpUpstreams upstreams = new McpUpstreams(config.servers(), Duration.ofSeconds(60));
        BackgroundReports reports = new BackgroundReports();
        try {
            upstreams.start();
            GateToolCalls gate = new GateToolCalls(new CountersignIntentGate(client, config.principal(), config.environment()), upstreams,
                    config.tools(), wait, Clock.systemUTC(), reports);
            CountDownLatch end = new CountDownLatch(1);
            ServiceLifecycle.onStopSignal(end);
            Cancellations cancellations = new Cancellations();
            JsonRpcGuard guard = new JsonRpcGuard(untilEof(in, end), out, cancellations);
            GatewayMcpServer server = GatewayMcpServer.serve(upstreams, gate, guard.input(), guard.output(), wait.plusMinutes(1), cancellations);
            ServiceLifecycle.fact(facts, NAME, "version", ServiceLifecycle.version(McpGatewayService.class));
            ServiceLifecycle.fact(facts, NAME, "gateway", config.gatewayUrl());
            ServiceLifecycle.fact(facts, NAME, "principal", config.principal());
            ServiceLifecycle.fact(facts, NAME, "upstreams", String.join(",", config.servers().stream().map(McpGatewayConfig.Upstream::name).toList()));
            ServiceLifecycle.fact(facts, NAME, "transport", "stdio");
            // Closed in this order: no new calls, queued outcome reports sent, then the upstreams and the client go.
            return new McpGatewayService(List.of(server, reports, upstreams, client), end);
        } catch (Exception | Error e) {
            reports.close();
            upstreams.close();
            client.close();
            throw e;
        }
    }

    private static void requireUpstreams(McpGatewayConfig config) {
        if (config.servers().isEmpty()) {
            throw new ConfigException("mcp-gateway.servers is empty: configure at least one upstream MCP server (name and command, or name and url)");
        }
    }

    /**
     * Serves MCP over Streamable HTTP on mcp-gateway.http, and Claude Code's HTTP hook at /hooks/claude-code; each agent's
     * calls go with its own bearer key.
     */
    private static McpGatewayService startHttp(McpGatewayConfig config, PrintWriter facts) throws Exception {
        requireUpstreams(config);
        Duration wait = config.reviewWaitDuration();
        McpUpstreams upstreams = new McpUpstreams(config.servers(), Duration.ofSeconds(60));
        CountersignCallerGates callers = new CountersignCallerGates(URI.create(config.gatewayUrl()), config.environment(),
                Clock.systemUTC());
        BackgroundReports reports = new BackgroundReports();
        List<AutoCloseable> open = new ArrayList<>(List.of(reports, callers, upstreams));
        try {
            upstreams.start();
            // No default gate over HTTP: every call goes through the caller's own (GatewayMcpServer picks it from the context).
            GateToolCalls gate = new GateToolCalls(null, upstreams, config.tools(), wait, Clock.systemUTC(), reports);
            Cancellations cancellations = new Cancellations();
            StreamableHttpTransport transport = new StreamableHttpTransport(McpJsonDefaults.getMapper(), callers, cancellations);
            GatewayMcpServer server = GatewayMcpServer.serve(upstreams, gate, transport, wait.plusMinutes(1), cancellations);
            open.add(0, server);
            JettyServer http = JettyServer.start(new JettyServer.Settings(NAME, config.http().host(), config.http().port(), 64, 4, null,
                    Duration.ofSeconds(10), Duration.ofSeconds(5), false), new Handler.Sequence(new ClaudeCodeHookRoute(callers), transport));
            open.add(0, http);
            CountDownLatch end = new CountDownLatch(1);
            ServiceLifecycle.onStopSignal(end);
            ServiceLifecycle.fact(facts, NAME, "version", ServiceLifecycle.version(McpGatewayService.class));
            ServiceLifecycle.fact(facts, NAME, "gateway", config.gatewayUrl());
            ServiceLifecycle.fact(facts, NAME, "upstreams", String.join(",", config.servers().stream().map(McpGatewayConfig.Upstream::name).toList()));
            ServiceLifecycle.fact(facts, NAME, "transport", "streamable-http");
            // Over HTTP each agent acts for its key's owner; mcp-gateway.principal is the stdio agent's.
            ServiceLifecycle.fact(facts, NAME, "principal", "each API key's owner");
            ServiceLifecycle.fact(facts, NAME, "url", http.url().resolve("/mcp").toString());
            ServiceLifecycle.fact(facts, NAME, "claude-code-hook", http.url().resolve("/hooks/claude-code").toString());
            return new McpGatewayService(open, end);
        } catch (Exception | Error e) {
            closeAll(open);
            throw e;
        }
    }

    /** {@code in}, counting {@code end} down when it ends: the client has gone. */
    private static InputStream untilEof(InputStream in, CountDownLatch end) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                return ended(super.read());
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return ended(super.read(b, off, len));
            }

            private int ended(int n) {
                if (n < 0) {
                    end.countDown();
                }
                return n;
            }
        };
    }

    @Override
    public void awaitEnd() throws InterruptedException {
        end.await();
    }

    @Override
    public void close() {
        closeAll(parts);
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
