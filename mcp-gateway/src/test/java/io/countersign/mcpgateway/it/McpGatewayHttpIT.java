package io.countersign.mcpgateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.ingest.domain.ApiKeys;
import io.countersign.mcpgateway.McpGatewayService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The MCP gateway over Streamable HTTP with real MCP parts: the official TypeScript client's
 * {@code StreamableHTTPClientTransport}, each agent with its own Countersign API key as the bearer token, in
 * front of the reference filesystem server, with the real pipeline and ingest gateway. The agent of each call is
 * the key's (the approval request names it); no key, a wrong key, or another key's session gets nowhere. Claude
 * Code's HTTP hook form is served on the same server with the command hook's contract.
 */
@WithCountersignStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpGatewayHttpIT {

    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},
             "clientInfo":{"name":"raw","version":"1"}}}""";

    private McpFixture fixture;
    private McpGatewayService gateway;
    private URI url;
    private final HttpClient http = HttpClient.newHttpClient();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @BeforeAll
    void start(Endpoints endpoints) throws Exception {
        fixture = new McpFixture(endpoints);
        StringWriter facts = new StringWriter();
        gateway = McpGatewayService.start(fixture.httpConfig("10m"), null, null, new PrintWriter(facts));
        url = URI.create(facts.toString().lines().filter(l -> l.startsWith("mcp-gateway url=")).findFirst().orElseThrow()
                .substring("mcp-gateway url=".length()));
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        fixture.close();
    }

    @Test
    void anAgentWithItsOwnKeyListsToolsAndAnAllowedCallReturnsTheUpstreamsResult() throws Exception {
        List<JsonNode> lines = fixture.driveHttp(url, McpFixture.AGENT_KEY, List.of(Map.of("op", "list"),
                Map.of("op", "call", "name", "read_text_file", "arguments", Map.of("path", fixture.files.resolve("hello.txt").toString()))))
                .get(2, TimeUnit.MINUTES);

        JsonNode tools = McpGatewayIT.last(lines, "list").path("result").path("tools");
        assertThat(StreamSupport.stream(tools.spliterator(), false).map(t -> t.path("name").asText()).toList())
                .contains("read_text_file", "write_file", "list_directory");
        JsonNode read = McpGatewayIT.last(lines, "call");
        assertThat(read.path("result").path("isError").asBoolean(false)).as(read.toString()).isFalse();
        assertThat(McpGatewayIT.text(read)).isEqualTo("hello from the upstream\n");
    }

    @Test
    void theAgentIsTheKeysAndAReviewedWriteRunsOnlyAfterTheApproval() throws Exception {
        Path report = fixture.files.resolve("pii/http-" + UUID.randomUUID() + ".csv");
        CompletableFuture<List<JsonNode>> run = fixture.driveHttp(url, McpFixture.OTHER_AGENT_KEY, List.of(McpGatewayIT.call("write_file",
                Map.of("path", report.toString(), "content", "id\n1\n"))));

        JsonNode pending = await().atMost(Duration.ofSeconds(90)).until(() -> pendingFor(report), Optional::isPresent).orElseThrow();
        assertThat(pending.path("agent").asText()).as("the agent comes from the bearer key").isEqualTo("agent:other-agent");
        assertThat(pending.path("principal").asText()).as("the principal is the key's owner, not mcp-gateway.principal")
                .isEqualTo(McpFixture.OTHER_AGENT_OWNER);
        Thread.sleep(2_000); // the call is parked (and hears progress): nothing may reach the upstream before the decision
        assertThat(report).doesNotExist();
        assertThat(fixture.approve(pending.path("requestId").asText())).isEqualTo(202);

        List<JsonNode> lines = run.get(2, TimeUnit.MINUTES);
        JsonNode result = McpGatewayIT.last(lines, "call");
        assertThat(result.path("result").path("isError").asBoolean(false)).as(result.toString()).isFalse();
        assertThat(Files.readString(report)).isEqualTo("id\n1\n");
        assertThat(lines).as("progress travels on the request's event stream")
                .anyMatch(l -> l.path("op").asText().equals("progress"));
        String intentId = pending.path("intentId").asText();
        AuditTrail.Event received = await().atMost(Duration.ofSeconds(30)).until(() -> fixture.audit().of(intentId).stream()
                .filter(e -> e.type().equals("RECEIVED")).findFirst(), Optional::isPresent).orElseThrow();
        assertThat(received.field("principal")).as("the audit record's principal").isEqualTo(McpFixture.OTHER_AGENT_OWNER);
    }

    @Test
    void resourceReadsAreGatedAndPromptsPassThrough() throws Exception {
        String doc = "demo://resource/static/document/features.md";
        String denied = "demo://resource/static/document/architecture.md";
        List<JsonNode> lines = fixture.driveHttp(url, McpFixture.AGENT_KEY, List.of(Map.of("op", "resources"), Map.of("op", "templates"),
                Map.of("op", "read", "uri", doc), Map.of("op", "read", "uri", denied), Map.of("op", "read", "uri",
                        "demo://resource/dynamic/text/7"), Map.of("op", "prompts"), Map.of("op", "prompt", "name", "simple-prompt")))
                .get(2, TimeUnit.MINUTES);

        assertThat(McpGatewayIT.last(lines, "resources").path("result").path("resources").toString()).contains(doc, denied);
        assertThat(McpGatewayIT.last(lines, "templates").path("result").path("resourceTemplates").toString())
                .contains("demo://resource/dynamic/text/{resourceId}");
        List<JsonNode> reads = lines.stream().filter(l -> l.path("op").asText().equals("read")).toList();
        assertThat(reads).hasSize(3);
        assertThat(reads.get(0).path("result").path("contents").path(0).path("text").asText()).as(reads.get(0).toString())
                .isEqualTo(McpFixture.everythingDoc("features.md"));
        assertThat(reads.get(1).path("error").path("code").asInt()).as(reads.get(1).toString()).isEqualTo(-32001);
        assertThat(reads.get(1).path("error").path("message").asText()).contains("Denied by policy", "no-architecture-docs-for-agents");
        assertThat(reads.get(1).has("result")).isFalse();
        assertThat(reads.get(2).path("result").path("contents").path(0).path("uri").asText()).as(reads.get(2).toString())
                .isEqualTo("demo://resource/dynamic/text/7");
        assertThat(McpGatewayIT.last(lines, "prompts").path("result").path("prompts").toString()).contains("simple-prompt");
        assertThat(McpGatewayIT.last(lines, "prompt").path("result").path("messages").path(0).path("content").path("text").asText())
                .isEqualTo("This is a simple prompt without arguments.");
    }

    @Test
    void aCallTheClientCancelledOverHttpNeverRunsEvenIfApprovedAfterwards() throws Exception {
        Path file = fixture.files.resolve("pii/http-cancelled-" + UUID.randomUUID() + ".csv");
        Map<String, Object> call = new HashMap<>(McpGatewayIT.call("write_file", Map.of("path", file.toString(), "content", "never")));
        call.put("cancelAfterMs", 3_000);
        CompletableFuture<List<JsonNode>> run = fixture.driveHttp(url, McpFixture.AGENT_KEY, List.of(call, Map.of("op", "sleep", "ms", 2_000)));

        JsonNode pending = await().atMost(Duration.ofSeconds(90)).until(() -> pendingFor(file), Optional::isPresent).orElseThrow();
        Thread.sleep(8_000); // cancelled 3 s after the call; the gate notices within one wait (5 s)
        assertThat(fixture.approve(pending.path("requestId").asText())).isEqualTo(202);
        Thread.sleep(4_000); // the gateway keeps running: an approval now must not make the call run
        assertThat(file).doesNotExist();
        assertThat(McpGatewayIT.last(run.get(2, TimeUnit.MINUTES), "call").path("error").path("message").asText()).contains("the user gave up");
    }

    @Test
    void claudeCodesHttpHookIsServedWithTheCommandHooksContractForTheKeysAgent() throws Exception {
        URI hook = url.resolve("/hooks/claude-code?wait=30");
        HttpResponse<String> read = hookPost(hook, McpFixture.AGENT_KEY, ClaudeCodeHookIT.event(fixture.files, "pre-read", "toolu_" + UUID.randomUUID()));
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        ClaudeCodeHookIT.assertShape(JSON.readTree(read.body()), "allow");

        HttpResponse<String> write = hookPost(hook, McpFixture.OTHER_AGENT_KEY,
                ClaudeCodeHookIT.event(fixture.files, "pre-write-locked", "toolu_" + UUID.randomUUID()));
        JsonNode denied = JSON.readTree(write.body());
        ClaudeCodeHookIT.assertShape(denied, "deny");
        assertThat(denied.at("/hookSpecificOutput/permissionDecisionReason").asText()).contains("locked-files-stay-locked");

        JsonNode any = ClaudeCodeHookIT.event(fixture.files, "pre-read", "toolu_" + UUID.randomUUID());
        assertThat(hookPost(hook, null, any).statusCode()).isEqualTo(401);
        assertThat(hookPost(hook, ApiKeys.generate(), any).statusCode()).isEqualTo(401);
        HttpResponse<String> notAToolUse = hookPost(hook, McpFixture.AGENT_KEY, JSON.readTree("{\"hook_event_name\": \"Stop\"}"));
        assertThat(notAToolUse.statusCode()).as(notAToolUse.body()).isEqualTo(400);
    }

    @Test
    void anAgentMayNameAPrincipalItsKeyIsListedForAndNoOther() throws Exception {
        HttpResponse<String> named = hookPost(url.resolve("/hooks/claude-code?wait=30"), McpFixture.AGENT_KEY,
                ClaudeCodeHookIT.event(fixture.files, "pre-read", "toolu_" + UUID.randomUUID()), McpFixture.AGENT_LISTED_PRINCIPAL);
        assertThat(named.statusCode()).as(named.body()).isEqualTo(200);
        JsonNode allowed = JSON.readTree(named.body());
        ClaudeCodeHookIT.assertShape(allowed, "allow");
        String intentId = allowed.at("/hookSpecificOutput/permissionDecisionReason").asText().replaceAll(".*\\(intent ([^)]+)\\).*", "$1");
        AuditTrail.Event received = await().atMost(Duration.ofSeconds(30)).until(() -> fixture.audit().of(intentId).stream()
                .filter(e -> e.type().equals("RECEIVED")).findFirst(), Optional::isPresent).orElseThrow();
        assertThat(received.field("principal")).as("the principal the agent named, listed for its key").isEqualTo(McpFixture.AGENT_LISTED_PRINCIPAL);

        HttpRequest.Builder other = HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").header("Authorization", "Bearer " + McpFixture.AGENT_KEY)
                .header("Countersign-Principal", "user:mallory@example.com").POST(HttpRequest.BodyPublishers.ofString(INITIALIZE));
        HttpResponse<String> refused = http.send(other.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body()).contains("may act only for user:alice@example.com, " + McpFixture.AGENT_LISTED_PRINCIPAL)
                .doesNotContain("mallory");
    }

    private HttpResponse<String> hookPost(URI hook, String key, JsonNode event) throws Exception {
        return hookPost(hook, key, event, null);
    }

    private HttpResponse<String> hookPost(URI hook, String key, JsonNode event, String principal) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(hook).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(event)));
        if (principal != null) {
            b.header("Countersign-Principal", principal);
        }
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void noKeyOrAWrongKeyIsRefusedWith401BeforeAnyMcp() throws Exception {
        assertThat(post(null, null, INITIALIZE).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = post(ApiKeys.generate(), null, INITIALIZE);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("mcp-session-id")).isEmpty();

        List<JsonNode> lines = fixture.driveHttp(url, ApiKeys.generate(), List.of(Map.of("op", "list"))).get(2, TimeUnit.MINUTES);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).path("op").asText()).isEqualTo("connect");
        assertThat(lines.get(0).path("error").path("code").asInt()).isEqualTo(401);
        assertThat(lines.get(0).path("error").path("message").asText()).contains("API key is not valid");
    }

    @Test
    void aSessionBelongsToTheKeyThatOpenedIt() throws Exception {
        HttpResponse<String> opened = post(McpFixture.AGENT_KEY, null, INITIALIZE);
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        String session = opened.headers().firstValue("mcp-session-id").orElseThrow();
        String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

        assertThat(post(McpFixture.OTHER_AGENT_KEY, session, list).statusCode()).isEqualTo(404);
        HttpResponse<String> own = post(McpFixture.AGENT_KEY, session, list);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("write_file");
    }

    private HttpResponse<String> post(String key, String session, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Optional<JsonNode> pendingFor(Path file) throws Exception {
        return StreamSupport.stream(fixture.pending().spliterator(), false)
                .filter(a -> a.path("targets").toString().contains(file.getFileName().toString())).findFirst();
    }
}
