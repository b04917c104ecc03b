package io.countersign.bench.mcp;

import io.countersign.approvals.domain.Identity;
import io.countersign.bench.BenchStack;
import io.countersign.ingest.IngestConfig;
import io.countersign.ingest.IngestGateway;
import io.countersign.ingest.domain.ApiKeys;
import io.countersign.ingest.domain.Credential;
import io.countersign.ingest.domain.Role;
import io.countersign.mcpgateway.McpGatewayService;
import io.countersign.mcpgateway.adapter.out.CountersignIntentGate;
import io.countersign.mcpgateway.application.port.out.IntentGate;
import io.countersign.mcpgateway.domain.ToolCall;
import io.countersign.mcpgateway.domain.ToolIntent;
import io.countersign.mcpgateway.domain.ToolRule;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.StreamProcessorsConfig;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.sdk.Countersign;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MCP gateway's overhead on an auto-allowed {@code tools/call}: the Java MCP SDK's client calls {@code echo} on
 * {@link EchoServer} over stdio directly, and through {@code McpGatewayService} (a child process, as an MCP client
 * runs it) fronting the same server, which submits the call's intent to the ingest gateway, waits for the
 * pipeline's verdict and reports the execution. The gate alone (the same intent submitted and its verdict awaited
 * through the gateway's own {@link CountersignIntentGate}, what the gateway does before forwarding) is measured in
 * the same run: what remains of the overhead beyond it is the gateway's own MCP work (its execution reports go out
 * on threads of their own, beside the forwarded call). The paths run one call at a time, interleaved
 * in rotating order for each repetition.
 */
public final class McpOverheadBench {

    /** One repetition's percentiles of each path, in milliseconds. */
    public record Repetition(double directP50, double directP99, double gatewayP50, double gatewayP99, double gateP50, double gateP99) {
    }

    private static final String POLICY = "defaultEffect: allow\nrules: []\n";
    private static final String PRINCIPAL = "user:alice@example.com";

    private McpOverheadBench() {
    }

    public static List<Repetition> run(int calls, int warmup, int repetitions, PrintWriter progress) throws Exception {
        try (BenchStack bench = BenchStack.start("mcp")) {
            Policy policy = PolicyLoader.parse(POLICY, "bench-mcp-policy.yaml");
            StreamProcessorsConfig config = StreamProcessorsConfig.builder().applicationId("countersign-bench-mcp").dataDir(bench.dataDir())
                    .commitIntervalMs(25).build();
            String key = ApiKeys.generate();
            ApiKeys keys = new ApiKeys(Map.of(ApiKeys.hash(key), new Credential("key-bench", Identity.of("agent:bench"), Identity.of(PRINCIPAL),
                    Set.of(Role.AGENT))));
            try (StreamProcessors pipeline = StreamProcessors.start(bench.kafka(), bench.registry(), config, () -> policy, Duration.ofSeconds(60));
                 IngestGateway ingest = IngestGateway.start(IngestConfig.DEFAULTS.withPort(0).withRate(1e9, 1_000_000_000), bench.kafka(),
                         bench.registry(), keys, Clock.systemUTC());
                 Countersign client = Countersign.connect(ingest.url(), key)) {
                ingest.awaitReady(Duration.ofSeconds(60));
                Path gatewayConfig = Files.writeString(bench.dataDir().resolve("mcp-gateway.yaml"), """
                        mcp-gateway:
                          gatewayUrl: %s
                          apiKey: %s
                          principal: %s
                          servers:
                            - name: echo
                              command: %s
                              args: %s
                        """.formatted(ingest.url(), key, PRINCIPAL, java(), McpJsonDefaults.getMapper().writeValueAsString(
                        childArgs(EchoServer.class.getName()))));
                List<String> gatewayArgs = new ArrayList<>(childArgs(McpGatewayService.class.getName()));
                gatewayArgs.addAll(List.of("--config", gatewayConfig.toString()));
                McpSyncClient direct = client(childArgs(EchoServer.class.getName()));
                McpSyncClient gateway = client(gatewayArgs);
                try {
                    return measure(calls, warmup, repetitions, direct, gateway, new CountersignIntentGate(client, PRINCIPAL, null), progress);
                } finally {
                    gateway.closeGracefully();
                    direct.closeGracefully();
                }
            }
        }
    }

    private static List<Repetition> measure(int calls, int warmup, int repetitions, McpSyncClient direct, McpSyncClient gateway, IntentGate gate,
                                            PrintWriter progress) {
        AtomicLong n = new AtomicLong();
        Map<String, Runnable> paths = new LinkedHashMap<>();
        paths.put("direct", () -> echo(direct, "m-" + n.incrementAndGet()));
        paths.put("gateway", () -> echo(gateway, "m-" + n.incrementAndGet()));
        paths.put("gate", () -> gateAlone(gate, new ToolCall("echo", "echo", Map.of("message", "m-" + n.incrementAndGet()), Map.of())));
        progress.printf("  warming up: %d calls per path%n", warmup);
        paths.values().forEach(p -> {
            for (int i = 0; i < warmup; i++) {
                p.run();
            }
        });
        List<String> names = List.copyOf(paths.keySet());
        List<Repetition> out = new ArrayList<>();
        for (int r = 0; r < repetitions; r++) {
            Map<String, Histogram> h = new LinkedHashMap<>();
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((r + k) % names.size()); // rotate the order: no path always runs first
                progress.printf("  repetition %d/%d: %s, %d calls%n", r + 1, repetitions, name, calls);
                h.put(name, timed(paths.get(name), calls));
            }
            out.add(new Repetition(ms(h.get("direct"), 50), ms(h.get("direct"), 99), ms(h.get("gateway"), 50), ms(h.get("gateway"), 99),
                    ms(h.get("gate"), 50), ms(h.get("gate"), 99)));
        }
        return out;
    }

    /**
     * What the gateway does before it forwards a call: the same intent, submitted and its verdict awaited, with the same
     * adapter (the execution reports go out beside the forwarded call, not before it).
     */
    private static void gateAlone(IntentGate gate, ToolCall call) {
        try {
            String id = gate.submit(ToolIntent.of(call, ToolRule.DEFAULT));
            gate.await(id, Duration.ofSeconds(30)).filter(IntentGate.Decision::allowed)
                    .orElseThrow(() -> new IllegalStateException("the bench's intent was not allowed in time"));
        } catch (IntentGate.GateException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void echo(McpSyncClient client, String message) {
        McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", message)));
        if (Boolean.TRUE.equals(r.isError()) || !((McpSchema.TextContent) r.content().get(0)).text().equals(message)) {
            throw new IllegalStateException("echo answered " + r.content());
        }
    }

    private static Histogram timed(Runnable call, int calls) {
        Histogram h = new Histogram(3);
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            call.run();
            h.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
        }
        return h;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static McpSyncClient client(List<String> args) {
        McpSyncClient c = McpClient.sync(new StdioClientTransport(ServerParameters.builder(java()).args(args).build(), McpJsonDefaults.getMapper()))
                .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60))
                .clientInfo(new McpSchema.Implementation("countersign-bench", "1")).build();
        c.initialize();
        return c;
    }

    /** A child JVM on this one's class path running {@code mainClass}, its logging off (stdout is the MCP channel). */
    private static List<String> childArgs(String mainClass) {
        return List.of("-cp", System.getProperty("java.class.path"), "-Dorg.apache.logging.log4j.level=OFF", "-Xmx256m", mainClass);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
