package io.countersign.mcpgateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
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
import java.util.concurrent.CopyOnWriteArrayList;
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
 * a write whose review outlasted the wait never reach the upstream; a cancelled call never runs and its
 * cancellation is audited; a Streamable HTTP upstream ({@code server-everything}) answers through the gateway exactly
 * as it answers directly. The audit log shows each call's intent, verdict and execution with matching hashes, and its
 * chains verify.
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
    void toolsAreListedUnchangedAndAnAllowedCallReturnsTheUpstreamsResultAndIsAudited() throws Exception {
        Path hello = Files.writeString(fixture.files.resolve("hello-" + UUID.randomUUID() + ".txt"), "hello from the upstream\n");
        List<JsonNode> lines = fixture.drive(fixture.config("10m"), List.of(Map.of("op", "list"),
                call("read_text_file", Map.of("path", hello.toString())))).get(3, TimeUnit.MINUTES);

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
        String intentId = await().atMost(Duration.ofSeconds(60)).until(() -> fixture.audit()
                .intentOf("mcp.fs.read_text_file", hello.getFileName().toString()), Optional::isPresent).orElseThrow();
        assertRanWithTheVerdictsHash(intentId);
    }

    /**
     * The audit log shows {@code intentId} received, allowed, and executed (STARTED, SUCCEEDED) with the hash its
     * verdict carries, as does any approval request and decision of it; and every chain verifies.
     */
    private void assertRanWithTheVerdictsHash(String intentId) {
        AuditTrail trail = await().atMost(Duration.ofSeconds(60)).until(fixture::audit, t -> t.of(intentId).stream()
                .anyMatch(e -> e.type().equals("EXECUTION") && "SUCCEEDED".equals(e.field("status"))));
        List<AuditTrail.Event> events = trail.of(intentId);
        assertThat(events).extracting(AuditTrail.Event::type).as(events.toString()).contains("RECEIVED", "CLASSIFIED", "VERDICT");
        AuditTrail.Event verdict = events.stream().filter(e -> e.type().equals("VERDICT")).findFirst().orElseThrow();
        assertThat(verdict.field("outcome")).isEqualTo("ALLOWED");
        String hash = verdict.field("intentHash");
        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(events).filteredOn(e -> e.type().equals("EXECUTION")).extracting(e -> e.field("status"), e -> e.field("executedHash"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("STARTED", hash), org.assertj.core.groups.Tuple.tuple("SUCCEEDED", hash));
        assertThat(events).filteredOn(e -> e.type().equals("APPROVAL_REQUESTED") || e.type().equals("DECISION_ACCEPTED"))
                .allSatisfy(e -> assertThat(e.field("intentHash")).as(e.type()).isEqualTo(hash));
        assertThat(events).noneMatch(e -> e.type().equals("VIOLATION"));
        assertThat(trail.findings()).as("audit verify: the chains are intact").isEmpty();
    }

    @Test
    void aWriteUnderPiiWaitsForReviewAndHappensOnlyAfterTheApproval() throws Exception {
        Path report = fixture.files.resolve("pii/report-" + UUID.randomUUID() + ".csv");
        List<JsonNode> heard = new CopyOnWriteArrayList<>();
        CompletableFuture<List<JsonNode>> run = fixture.drive(fixture.config("10m"),
                List.of(call("write_file", Map.of("path", report.toString(), "content", "id,email\n1,bob@example.com\n"))), heard);

        JsonNode pending = await().atMost(Duration.ofSeconds(90)).until(() -> pendingFor(report), Optional::isPresent).orElseThrow();
        // The client hears what the review waits for before anyone decides (on a loaded machine that can take a while).
        await().atMost(Duration.ofSeconds(60)).until(() -> heard.stream().anyMatch(l -> l.path("op").asText().equals("progress")));
        Thread.sleep(1_000); // the call is parked: nothing may reach the upstream before the decision
        assertThat(report).doesNotExist();
        assertThat(fixture.approve(pending.path("requestId").asText())).isEqualTo(202);

        List<JsonNode> lines = run.get(2, TimeUnit.MINUTES);
        JsonNode result = last(lines, "call");
        assertThat(result.path("result").path("isError").asBoolean(false)).as(result.toString()).isFalse();
        assertThat(report).exists();
        assertThat(Files.readString(report)).isEqualTo("id,email\n1,bob@example.com\n");
        // The policy's rule: quorum 1 of data-stewards, ttl 1h.
        assertThat(lines).as("the client asked for progress and heard what the review waits for while it was pending")
                .anyMatch(l -> l.path("op").asText().equals("progress") && l.path("progress").path("message").asText()
                        .matches("waiting for human review: 0 of 1 approval so far from data-stewards, expires in (59|60) min"
                                + " \\(mcp\\.fs\\.write_file, intent " + pending.path("intentId").asText() + "; .*"));
        List<AuditTrail.Event> events = fixture.audit().of(pending.path("intentId").asText());
        assertThat(events).extracting(AuditTrail.Event::type).contains("APPROVAL_REQUESTED", "DECISION_ACCEPTED");
        assertRanWithTheVerdictsHash(pending.path("intentId").asText());
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
        String intentId = await().atMost(Duration.ofSeconds(60)).until(() -> fixture.audit()
                .intentOf("mcp.fs.write_file", locked.getFileName().toString()), Optional::isPresent).orElseThrow();
        AuditTrail trail = fixture.audit();
        assertThat(trail.of(intentId)).filteredOn(e -> e.type().equals("VERDICT")).singleElement()
                .satisfies(v -> assertThat(v.field("outcome")).isEqualTo("DENIED"));
        assertThat(trail.of(intentId)).as("denied: nothing executed").noneMatch(e -> e.type().equals("EXECUTION"));
        assertThat(trail.findings()).isEmpty();
    }

    @Test
    void aReviewThatOutlastsTheWaitIsAnsweredAsNotApprovedAndNeverRunsEvenIfApprovedLater() throws Exception {
        Path late = fixture.files.resolve("pii/late-" + UUID.randomUUID() + ".csv");
        List<JsonNode> lines = fixture.drive(fixture.config("6s"), List.of(call("write_file", Map.of("path", late.toString(),
                "content", "too late")))).get(3, TimeUnit.MINUTES);

        JsonNode result = last(lines, "call");
        assertThat(result.path("result").path("isError").asBoolean()).as(result.toString()).isTrue();
        assertThat(text(result)).contains("Not approved within", "will not run");
        String requestId = await().atMost(Duration.ofSeconds(30)).until(() -> pendingFor(late), Optional::isPresent).orElseThrow()
                .path("requestId").asText();
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

        JsonNode pending = await().atMost(Duration.ofSeconds(90)).until(() -> pendingFor(file), Optional::isPresent).orElseThrow();
        Thread.sleep(8_000); // the client cancelled 3 s after it called; the gate notices within one wait (5 s)
        assertThat(fixture.approve(pending.path("requestId").asText())).isEqualTo(202);
        Thread.sleep(4_000); // the client is still connected: an approval now must not make the call run
        assertThat(file).doesNotExist();
        List<JsonNode> lines = run.get(2, TimeUnit.MINUTES);
        assertThat(last(lines, "call").path("error").path("message").asText()).as(lines.toString()).contains("the user gave up");
        assertThat(file).doesNotExist();
        String intentId = pending.path("intentId").asText();
        AuditTrail trail = await().atMost(Duration.ofSeconds(60)).until(fixture::audit, t -> t.of(intentId).stream()
                .anyMatch(e -> e.type().equals("VERDICT")));
        assertThat(trail.of(intentId)).as("the cancellation is on the audit record, and nothing ran")
                .filteredOn(e -> e.type().equals("EXECUTION")).extracting(e -> e.field("status")).containsExactly("CANCELLED");
        assertThat(trail.of(intentId)).noneMatch(e -> e.type().equals("VIOLATION"));
        assertThat(trail.findings()).isEmpty();
    }

    @Test
    void aToolOfAStreamableHttpUpstreamIsGatedReturnsTheUpstreamsExactResultAndIsAudited() throws Exception {
        URI upstream = fixture.everythingOverHttp();
        String message = "echo " + UUID.randomUUID();
        Map<String, Object> echo = Map.of("op", "call", "name", "echo", "arguments", Map.of("message", message));
        List<JsonNode> direct = fixture.driveHttp(upstream, "unused", List.of(echo)).get(2, TimeUnit.MINUTES);
        List<JsonNode> gated = fixture.drive(fixture.configWithHttpUpstream(upstream), List.of(Map.of("op", "list"), echo))
                .get(3, TimeUnit.MINUTES);

        List<String> names = StreamSupport.stream(last(gated, "list").path("result").path("tools").spliterator(), false)
                .map(t -> t.path("name").asText()).toList();
        assertThat(names).contains("echo", "get-sum", "read_text_file");
        JsonNode result = last(gated, "call").path("result");
        assertThat(result.path("isError").asBoolean(false)).as(gated.toString()).isFalse();
        assertThat(result).as("exactly the upstream's own answer").isEqualTo(last(direct, "call").path("result"));
        assertThat(result.toString()).contains(message);
        String intentId = await().atMost(Duration.ofSeconds(60)).until(() -> fixture.audit().intentOf("mcp.web.echo", ""),
                Optional::isPresent).orElseThrow();
        assertRanWithTheVerdictsHash(intentId);
    }

    /** The pending approval request (requestId, intentId, …) of a write to {@code file}, if it is there yet. */
    private Optional<JsonNode> pendingFor(Path file) throws Exception {
        return StreamSupport.stream(fixture.pending().spliterator(), false)
                .filter(a -> a.path("targets").toString().contains(file.getFileName().toString())).findFirst();
    }
}
