package io.countersign.mcpgateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.approvals.adapter.out.YamlDirectory;
import io.countersign.approvals.domain.Identity;
import io.countersign.config.ConfigLoader;
import io.countersign.config.EnvSubstitution;
import io.countersign.contracts.signing.ChannelKeyPair;
import io.countersign.embedded.Endpoints;
import io.countersign.ingest.IngestConfig;
import io.countersign.ingest.IngestGateway;
import io.countersign.ingest.domain.ApiKeys;
import io.countersign.ingest.domain.Credential;
import io.countersign.ingest.domain.Principals;
import io.countersign.ingest.domain.Role;
import io.countersign.mcpgateway.McpGatewayConfig;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.testing.ProvisionedStack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: the decision pipeline and the ingest gateway on the shared embedded stack, a directory the
 * reference filesystem MCP server may touch (with {@code pii/} writes going to review and {@code locked/}
 * writes denied by the policy), and the official TypeScript MCP client ({@code src/test/node/client.mjs})
 * driving {@code McpGatewayService} over stdio or Streamable HTTP, which fronts {@code @modelcontextprotocol/server-filesystem}
 * (and, over Streamable HTTP, {@code @modelcontextprotocol/server-everything}); the audit this pipeline wrote ({@link #audit()}).
 */
final class McpFixture implements AutoCloseable {

    static final String AGENT_KEY = ApiKeys.generate();
    static final String CAROL_KEY = ApiKeys.generate();
    /**
     * A second agent's key, owned by another human (bob): over HTTP the agent is whoever's key came with the request, and
     * it acts for the key's owner, not for the configured principal (alice).
     */
    static final String OTHER_AGENT_KEY = ApiKeys.generate();
    static final String OTHER_AGENT_OWNER = "user:bob@example.com";
    /** A principal listed for {@link #AGENT_KEY} besides its owner (alice): an HTTP agent may name it in Countersign-Principal. */
    static final String AGENT_LISTED_PRINCIPAL = "user:dave@example.com";
    static final String POLICY = """
            defaultEffect: allow
            rules:
              - id: pii-files-need-a-steward
                condition: intent.action in ['mcp.fs.write_file', 'claude-code.write'] && intent.targets.exists(t, t.contains('/pii/'))
                effect: review
                approvers: [data-stewards]
                quorum: 1
                ttl: 1h
              - id: no-architecture-docs-for-agents
                condition: intent.action == 'mcp.resource.read' && intent.targets.exists(t, t.contains('architecture'))
                effect: deny
              - id: locked-files-stay-locked
                condition: intent.action in ['mcp.fs.write_file', 'claude-code.write'] && intent.targets.exists(t, t.contains('/locked/'))
                effect: deny
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();

    final Path files;
    final URI gatewayUrl;
    final ProvisionedStack stack;
    private final Path dir;
    private final StreamProcessors pipeline;
    private final IngestGateway gateway;
    private final HttpClient http = HttpClient.newHttpClient();
    /** Where the audit topic ended before this fixture's pipeline started: its chains begin there. */
    private final Map<Integer, Long> auditFrom;
    private EverythingOverHttp everythingOverHttp;

    McpFixture(Endpoints endpoints) throws Exception {
        stack = ProvisionedStack.provision(endpoints);
        dir = Files.createTempDirectory("countersign-mcp-it");
        files = Files.createDirectories(dir.resolve("files"));
        Files.createDirectories(files.resolve("pii"));
        Files.createDirectories(files.resolve("locked"));
        Files.writeString(files.resolve("hello.txt"), "hello from the upstream\n");
        Files.writeString(dir.resolve("directory.yaml"), "groups:\n  data-stewards: [user:carol@example.com]\n");
        ChannelKeyPair apiKeys = ChannelKeyPair.loadOrCreate(dir.resolve("channel-keys"), "api");
        auditFrom = AuditTrail.ends(stack);
        pipeline = stack.pipeline(dir).applicationId("countersign-mcp-it-" + UUID.randomUUID()).directoryFile(dir.resolve("directory.yaml"))
                .trusting(apiKeys).start(POLICY);
        ApiKeys keys = new ApiKeys(Map.of(
                ApiKeys.hash(AGENT_KEY), new Credential("key-agent", Identity.of("agent:mcp-agent"), Identity.of("user:alice@example.com"),
                        Set.of(Role.AGENT), null, Principals.parse(List.of(AGENT_LISTED_PRINCIPAL))),
                ApiKeys.hash(OTHER_AGENT_KEY), new Credential("key-other", Identity.of("agent:other-agent"),
                        Identity.of(OTHER_AGENT_OWNER), Set.of(Role.AGENT)),
                ApiKeys.hash(CAROL_KEY), new Credential("key-carol", Identity.of("user:carol@example.com"),
                        Identity.of("user:carol@example.com"), Set.of(Role.APPROVER))));
        gateway = IngestGateway.start(IngestConfig.DEFAULTS.withPort(0).withDecisionSigningKey(apiKeys.privateKeyFile().toString(),
                apiKeys.keyId()), stack.kafka(), stack.registry(), keys, YamlDirectory.load(dir.resolve("directory.yaml")), Clock.systemUTC());
        gateway.awaitReady(Duration.ofSeconds(30));
        gatewayUrl = gateway.url();
    }

    /** A gateway configuration fronting the filesystem server over {@link #files}, waiting at most {@code reviewWait}. */
    Path config(String reviewWait) throws IOException {
        return Files.writeString(dir.resolve("mcp-" + reviewWait + ".yaml"), yaml("apiKey: " + AGENT_KEY, reviewWait));
    }

    /**
     * The gateway's configuration serving Streamable HTTP on a free loopback port (no key of its own: each agent
     * brings one), fronting the filesystem server and {@code @modelcontextprotocol/server-everything} (resources, prompts).
     */
    McpGatewayConfig httpConfig(String reviewWait) {
        String everything = NODE_DIR.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js").toString();
        String yaml = yaml("http: {host: 127.0.0.1, port: 0}", reviewWait).replace("  tools:\n", """
                    - name: everything
                      command: node
                      args: ["%s", "stdio"]
                  tools:
                """.formatted(everything));
        return ConfigLoader.parse(yaml, "mcp-http.yaml", EnvSubstitution.fromEnvironment())
                .section("mcp-gateway", McpGatewayConfig.class, McpGatewayConfig.DEFAULTS);
    }

    /**
     * A gateway configuration (stdio for the agent) fronting the filesystem server and, as server {@code web}, the
     * Streamable HTTP server at {@code url}, sent a header whose value comes from the environment (or its default).
     */
    Path configWithHttpUpstream(URI url) throws IOException {
        String yaml = yaml("apiKey: " + AGENT_KEY, "10m").replace("  tools:\n", """
                    - name: web
                      url: %s
                      headers: {X-Countersign-Test: "${MCP_IT_UPSTREAM_TOKEN:-not-a-secret}"}
                  tools:
                """.formatted(url));
        return Files.writeString(dir.resolve("mcp-http-upstream.yaml"), yaml);
    }

    /** {@code @modelcontextprotocol/server-everything} in its Streamable HTTP mode, started once; its MCP endpoint. */
    synchronized URI everythingOverHttp() throws Exception {
        if (everythingOverHttp == null) {
            everythingOverHttp = EverythingOverHttp.start(NODE_DIR.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js"));
        }
        return everythingOverHttp.url();
    }

    /** The audit records this fixture's pipeline has written so far, its chains checked. */
    AuditTrail audit() {
        return AuditTrail.read(stack, auditFrom);
    }

    /** The text of the everything server's static document {@code name}, as it ships it. */
    static String everythingDoc(String name) throws IOException {
        return Files.readString(NODE_DIR.resolve("node_modules/@modelcontextprotocol/server-everything/dist/docs").resolve(name));
    }

    private String yaml(String access, String reviewWait) {
        String server = NODE_DIR.resolve("node_modules/@modelcontextprotocol/server-filesystem/dist/index.js").toString();
        return """
                mcp-gateway:
                  gatewayUrl: %s
                  %s
                  principal: user:alice@example.com
                  reviewWait: %s
                  servers:
                    - name: fs
                      command: node
                      args: ["%s", "%s"]
                  tools:
                    fs.write_file:
                      targets: [{argument: path, uri: "file://{}"}]
                    fs.read_text_file:
                      targets: [{argument: path, uri: "file://{}"}]
                """.formatted(gatewayUrl, access, reviewWait, server, files);
    }

    /** Runs the TypeScript client through {@code steps} against a gateway started with {@code config}; its output lines. */
    CompletableFuture<List<JsonNode>> drive(Path config, List<Map<String, Object>> steps) throws IOException {
        return drive(config, steps, new CopyOnWriteArrayList<>());
    }

    /** As {@link #drive(Path, List)}, adding each output line to {@code heard} as the client prints it (to await one mid-run). */
    CompletableFuture<List<JsonNode>> drive(Path config, List<Map<String, Object>> steps, List<JsonNode> heard) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return run(new ProcessBuilder("node", NODE_DIR.resolve("client.mjs").toString(), java, System.getProperty("java.class.path"),
                config.toString(), JSON.writeValueAsString(steps)), heard);
    }

    /** The gateway as an MCP client's server command would run it, its stdio for the test to speak on. */
    Process spawnGateway(Path config) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.countersign.mcpgateway.McpGatewayService",
                "--config", config.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /**
     * Runs {@code @modelcontextprotocol/inspector-cli} (a second real MCP client) in CLI mode with {@code options},
     * against a gateway it spawns over stdio with {@code config}; the JSON it prints.
     */
    JsonNode inspect(Path config, String... options) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path cli = NODE_DIR.resolve("node_modules/@modelcontextprotocol/inspector-cli/build");
        List<String> command = new ArrayList<>(List.of("node", cli.resolve("index.js").toString()));
        command.addAll(List.of(java, "-cp", System.getProperty("java.class.path"), "io.countersign.mcpgateway.McpGatewayService",
                "--config", config.toString()));
        command.addAll(List.of(options)); // after the server command: --tool-arg takes every word after it

        // Its working directory is its build directory: it finds its own package.json as ../package.json from there.
        Process p = new ProcessBuilder(command).directory(cli.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError("inspector-cli " + String.join(" ", options) + " failed: " + out);
        }
        return JSON.readTree(out.substring(out.indexOf('{')));
    }

    /** Runs the TypeScript client through {@code steps} over Streamable HTTP at {@code url} with {@code bearerKey}; its output lines. */
    CompletableFuture<List<JsonNode>> driveHttp(URI url, String bearerKey, List<Map<String, Object>> steps) throws IOException {
        return run(new ProcessBuilder("node", NODE_DIR.resolve("client.mjs").toString(), "--http", url.toString(), bearerKey,
                JSON.writeValueAsString(steps)), new CopyOnWriteArrayList<>());
    }

    private static CompletableFuture<List<JsonNode>> run(ProcessBuilder client, List<JsonNode> heard) throws IOException {
        Process p = client.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return CompletableFuture.supplyAsync(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (!line.isBlank()) {
                        heard.add(JSON.readTree(line));
                    }
                }
                p.waitFor();
                return List.copyOf(heard);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The pending approval requests carol sees. */
    JsonNode pending() throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(gatewayUrl.resolve("/v1/approvals?status=pending"))
                .header("Authorization", "Bearer " + CAROL_KEY).build(), HttpResponse.BodyHandlers.ofString()).body()).path("approvals");
    }

    /** Carol approves {@code requestId} through the approval API; the HTTP status. */
    int approve(String requestId) throws Exception {
        return http.send(HttpRequest.newBuilder(gatewayUrl.resolve("/v1/approvals/" + requestId + "/decisions"))
                .header("Authorization", "Bearer " + CAROL_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"decision\":\"APPROVE\",\"reason\":\"checked the report\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Override
    public void close() {
        if (everythingOverHttp != null) {
            everythingOverHttp.close();
        }
        gateway.close();
        pipeline.close();
    }
}
