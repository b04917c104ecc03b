package io.countersign.mcpgateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * The MCP gateway end to end with real MCP parts: the official TypeScript client (npm
 * {@code @modelcontextprotocol/sdk}) drives {@code McpGatewayService} over stdio, which fronts the reference
 * filesystem server (npm {@code @modelcontextprotocol/server-filesystem}), with the real decision pipeline and
 * ingest gateway on the embedded stack: tools are listed unchanged; an allowed call returns the upstream's
 * result; a write under {@code pii/} waits for review and happens only after the approval; a denied write and
 * a write whose review outlasted the wait never reach the upstream.
 */
@WithCountersignStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpGatewayIT {

    private McpFixture fixture;

    @BeforeAll
    void start(Endpoints endpoints) throws Exception {
        fixture = new McpFixture(endpoints);
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    static Map<String, Object> call(String tool, Map<String, Object> arguments) {
        return Map.of("op", "call", "name", tool, "arguments", arguments, "progress", true);
    }

    static JsonNode last(List<JsonNode> lines, String op) {
        return lines.stream().filter(l -> op.equals(l.path("op").asText())).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError("no " + op + " in " + lines));
    }

    static String text(JsonNode callLine) {
        return callLine.path("result").path("content").path(0).path("text").asText();
    }

    @Test
    void toolsAreListedUnchangedAndAnAllowedCallReturnsTheUpstreamsResult() throws Exception {
        List<JsonNode> lines = fixture.drive(fixture.config("10m"), List.of(Map.of("op", "list"),
                call("read_text_file", Map.of("path", fixture.files.resolve("hello.txt").toString())))).get(3, TimeUnit.MINUTES);

        JsonNode tools = last(lines, "list").path("result").path("tools");
        List<String> names = StreamSupport.stream(tools.spliterator(), false).map(t -> t.path("name").asText()).toList();
        assertThat(names).contains("read_text_file", "write_file", "list_directory");
        JsonNode write = StreamSupport.stream(tools.spliterator(), false).filter(t -> t.path("name").asText().equals("write_file"))
                .findFirst().orElseThrow();
        assertThat(write.path("inputSchema").path("properties").has("path")).isTrue();
        assertThat(write.path("description").asText()).isNotBlank();
        JsonNode read = last(lines, "call");
        assertThat(read.path("result").path("isError").asBoolean(false)).as(read.toString()).isFalse();
        assertThat(text(read)).isEqualTo("hello from the upstream\n");
    }

    @Test
    void aWriteUnderPiiWaitsForReviewAndHappensOnlyAfterTheApproval() throws Exception {
        Path report = fixture.files.resolve("pii/report-" + UUID.randomUUID() + ".csv");
        CompletableFuture<List<JsonNode>> run = fixture.drive(fixture.config("10m"),
                List.of(call("write_file", Map.of("path", report.toString(), "content", "id,email\n1,bob@example.com\n"))));

        String requestId = await().atMost(Duration.ofSeconds(90)).until(() -> pendingFor(report), Optional::isPresent).orElseThrow();
        Thread.sleep(1_000); // the call is parked: nothing may reach the upstream before the decision
        assertThat(report).doesNotExist();
        assertThat(fixture.approve(requestId)).isEqualTo(202);

        List<JsonNode> lines = run.get(2, TimeUnit.MINUTES);
        JsonNode result = last(lines, "call");
        assertThat(result.path("result").path("isError").asBoolean(false)).as(result.toString()).isFalse();
        assertThat(report).exists();
        assertThat(Files.readString(report)).isEqualTo("id,email\n1,bob@example.com\n");
        assertThat(lines).as("the client asked for progress and heard it while the review was pending")
                .anyMatch(l -> l.path("op").asText().equals("progress") && l.path("progress").path("message").asText()
                        .contains("waiting for human review of mcp.fs.write_file"));
    }

    @Test
    void aDeniedWriteNeverReachesTheUpstreamAndTheAgentIsToldWhy() throws Exception {
        Path locked = fixture.files.resolve("locked/x-" + UUID.randomUUID() + ".txt");
        List<JsonNode> lines = fixture.drive(fixture.config("10m"), List.of(call("write_file", Map.of("path", locked.toString(),
                "content", "nope")))).get(3, TimeUnit.MINUTES);

        JsonNode result = last(lines, "call");
        assertThat(result.path("result").path("isError").asBoolean()).as(result.toString()).isTrue();
        assertThat(text(result)).contains("Denied by policy", "locked-files-stay-locked");
        assertThat(locked).doesNotExist();
    }

    @Test
    void aReviewThatOutlastsTheWaitIsAnsweredAsNotApprovedAndNeverRunsEvenIfApprovedLater() throws Exception {
        Path late = fixture.files.resolve("pii/late-" + UUID.randomUUID() + ".csv");
        List<JsonNode> lines = fixture.drive(fixture.config("6s"), List.of(call("write_file", Map.of("path", late.toString(),
                "content", "too late")))).get(3, TimeUnit.MINUTES);

        JsonNode result = last(lines, "call");
        assertThat(result.path("result").path("isError").asBoolean()).as(result.toString()).isTrue();
        assertThat(text(result)).contains("Not approved within", "will not run");
        String requestId = await().atMost(Duration.ofSeconds(30)).until(() -> pendingFor(late), Optional::isPresent).orElseThrow();
        assertThat(fixture.approve(requestId)).isEqualTo(202);
        Thread.sleep(3_000); // an approval after the answer must not make the call run
        assertThat(late).doesNotExist();
    }

    @Test
    void theMcpInspectorCliListsAndCallsToolsThroughTheGateway() throws Exception {
        JsonNode tools = fixture.inspect(fixture.config("10m"), "--method", "tools/list").path("tools");
        assertThat(StreamSupport.stream(tools.spliterator(), false).map(t -> t.path("name").asText()).toList())
                .contains("read_text_file", "write_file");
        JsonNode read = fixture.inspect(fixture.config("10m"), "--method", "tools/call", "--tool-name", "read_text_file", "--tool-arg",
                "path=" + fixture.files.resolve("hello.txt"));
        assertThat(read.path("isError").asBoolean(false)).as(read.toString()).isFalse();
        assertThat(read.path("content").path(0).path("text").asText()).isEqualTo("hello from the upstream\n");
        Path locked = fixture.files.resolve("locked/inspector-" + UUID.randomUUID() + ".txt");
        JsonNode denied = fixture.inspect(fixture.config("10m"), "--method", "tools/call", "--tool-name", "write_file", "--tool-arg",
                "path=" + locked, "content=nope");
        assertThat(denied.path("isError").asBoolean()).as(denied.toString()).isTrue();
        assertThat(denied.path("content").path(0).path("text").asText()).contains("locked-files-stay-locked");
        assertThat(locked).doesNotExist();
    }

    @Test
    void aThousandHostileMessagesEachGetTheirAnswerAndTheGatewayAndTheUpstreamStayUp() throws Exception {
        String hello = fixture.files.resolve("hello.txt").toString();
        try (RawStdioClient client = new RawStdioClient(fixture.spawnGateway(fixture.config("10m")))) {
            client.send("{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"fuzzer\",\"version\":\"1\"}}}");
            client.until("init");
            client.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            HostileInput fuzz = new HostileInput(19L, hello);
            Map<String, JsonNode> byId = new HashMap<>();
            Map<String, HostileInput.Expectation> owed = new LinkedHashMap<>();
            for (int i = 0; i < 1_000; i++) {
                String line = fuzz.next();
                HostileInput.Expectation expected = HostileInput.expect(line);
                client.send(line);
                client.send("{\"jsonrpc\":\"2.0\",\"id\":\"sentinel-" + i + "\",\"method\":\"ping\"}");
                List<JsonNode> window = client.until("sentinel-" + i);
                window.forEach(a -> assertThat(a.has("unparseable")).as("the gateway wrote a line that is not JSON: %s", a).isFalse());
                List<JsonNode> anonymous = window.stream().filter(a -> a.path("id").isNull()).toList();
                window.stream().filter(a -> !a.path("id").isNull()).forEach(a -> byId.put(key(a.path("id")), a));
                if (expected.due() && expected.id() == null) {
                    assertThat(anonymous).as("message %d %s", i, abbreviated(line)).hasSize(1);
                    assertThat(anonymous.get(0).path("error").path("code").isInt()).isTrue();
                } else {
                    assertThat(anonymous).as("message %d %s", i, abbreviated(line)).isEmpty();
                }
                if (expected.due() && expected.id() != null) {
                    owed.put(key(expected.id()) + " " + i, expected);
                }
            }
            // Allowed tools/call requests answer after their verdict, maybe after their sentinel: give them time.
            for (int k = 0; k < 30 && owed.values().stream().anyMatch(e -> !byId.containsKey(key(e.id()))); k++) {
                Thread.sleep(1_000);
                client.send("{\"jsonrpc\":\"2.0\",\"id\":\"drain-" + k + "\",\"method\":\"ping\"}");
                client.until("drain-" + k).stream().filter(a -> !a.path("id").isNull()).forEach(a -> byId.put(key(a.path("id")), a));
            }
            owed.forEach((k, expected) -> {
                JsonNode answer = byId.get(key(expected.id()));
                assertThat(answer).as("no answer to %s", k).isNotNull();
                if (!expected.maySucceed()) {
                    assertThat(answer.path("error").path("code").isInt()).as("%s answered %s", k, answer).isTrue();
                }
            });

            client.send("{\"jsonrpc\":\"2.0\",\"id\":\"after\",\"method\":\"tools/call\",\"params\":{\"name\":\"read_text_file\","
                    + "\"arguments\":{\"path\":\"" + hello + "\"}}}");
            List<JsonNode> after = client.until("after");
            assertThat(after.get(after.size() - 1).path("result").path("content").path(0).path("text").asText())
                    .isEqualTo("hello from the upstream\n");
            assertThat(client.alive()).isTrue();
        }
    }

    private static String key(JsonNode id) {
        return (id.isTextual() ? "s:" : "n:") + id.asText();
    }

    private static String abbreviated(String line) {
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }

    @Test
    void aCallTheClientCancelledNeverRunsEvenIfApprovedAfterwards() throws Exception {
        Path file = fixture.files.resolve("pii/cancelled-" + UUID.randomUUID() + ".csv");
        Map<String, Object> call = new HashMap<>(call("write_file", Map.of("path", file.toString(), "content", "never")));
        call.put("cancelAfterMs", 3_000);
        CompletableFuture<List<JsonNode>> run = fixture.drive(fixture.config("10m"), List.of(call, Map.of("op", "sleep", "ms", 15_000)));

        String requestId = await().atMost(Duration.ofSeconds(90)).until(() -> pendingFor(file), Optional::isPresent).orElseThrow();
        Thread.sleep(8_000); // the client cancelled 3 s after it called; the gate notices within one wait (5 s)
        assertThat(fixture.approve(requestId)).isEqualTo(202);
        Thread.sleep(4_000); // the client is still connected: an approval now must not make the call run
        assertThat(file).doesNotExist();
        List<JsonNode> lines = run.get(2, TimeUnit.MINUTES);
        assertThat(last(lines, "call").path("error").path("message").asText()).as(lines.toString()).contains("the user gave up");
        assertThat(file).doesNotExist();
    }

    /** The pending approval request of a write to {@code file}, if it is there yet. */
    private Optional<String> pendingFor(Path file) throws Exception {
        return StreamSupport.stream(fixture.pending().spliterator(), false)
                .filter(a -> a.path("targets").toString().contains(file.getFileName().toString()))
                .map(a -> a.path("requestId").asText()).findFirst();
    }
}
