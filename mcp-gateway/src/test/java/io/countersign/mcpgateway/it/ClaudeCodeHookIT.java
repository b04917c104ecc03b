package io.countersign.mcpgateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.mcpgateway.adapter.out.CountersignIntentGate;
import io.countersign.mcpgateway.claudecode.ClaudeCodeHook;
import io.countersign.schema.ExecutionReport;
import io.countersign.schema.ExecutionStatus;
import io.countersign.sdk.Countersign;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * The Claude Code hook end to end against the real pipeline and ingest gateway, fed the hook events of
 * {@code src/test/claude-code/fixtures.ts} (typed against the Claude Agent SDK's declarations and emitted as
 * JSON by the build): an allowed read, a denied write, a write allowed after review with its execution
 * reported with the verdict's hash, and a review that outlasts the wait (denied, or asked with --on-review ask).
 * Every answer has exactly the fields of the SDK-typed answer shapes.
 */
@WithCountersignStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClaudeCodeHookIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of("target/claude-code-fixtures");

    private McpFixture fixture;
    private Countersign client;

    @BeforeAll
    void start(Endpoints endpoints) throws Exception {
        fixture = new McpFixture(endpoints);
        client = Countersign.connect(fixture.gatewayUrl, McpFixture.AGENT_KEY);
    }

    @AfterAll
    void stop() {
        client.close();
        fixture.close();
    }

    private ClaudeCodeHook hook(Duration wait, ClaudeCodeHook.OnReview onReview) {
        return new ClaudeCodeHook(new CountersignIntentGate(client, "user:alice@example.com", null), wait, onReview);
    }

    /** The fixture {@code name} for this test's directory and tool-use id. */
    private JsonNode event(String name, String toolUseId) throws Exception {
        return event(fixture.files, name, toolUseId);
    }

    /** The fixture {@code name} for directory {@code files} and tool-use id {@code toolUseId}. */
    static JsonNode event(Path files, String name, String toolUseId) throws Exception {
        return JSON.readTree(Files.readString(FIXTURES.resolve(name + ".json")).replace("{{DIR}}", files.toString())
                .replace("{{ID}}", toolUseId));
    }

    /** {@code answer} has exactly the fields of the SDK-typed answer shape {@code shape} (allow, deny, ask, post). */
    static void assertShape(JsonNode answer, String shape) throws Exception {
        JsonNode expected = JSON.readTree(Files.readString(FIXTURES.resolve("answer-" + shape + ".json")));
        assertThat(fields(answer)).as(answer.toString()).isEqualTo(fields(expected));
        if (expected.has("hookSpecificOutput")) {
            assertThat(answer.at("/hookSpecificOutput/permissionDecision").asText())
                    .isEqualTo(expected.at("/hookSpecificOutput/permissionDecision").asText());
            assertThat(answer.at("/hookSpecificOutput/hookEventName").asText()).isEqualTo("PreToolUse");
        }
    }

    private static List<String> fields(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(f -> {
            out.add(f);
            node.get(f).fieldNames().forEachRemaining(g -> out.add(f + "." + g));
        });
        return out.stream().sorted().toList();
    }

    @Test
    void anAllowedReadIsAllowedAndADeniedWriteIsDeniedWithTheRule() throws Exception {
        JsonNode read = hook(Duration.ofSeconds(30), ClaudeCodeHook.OnReview.WAIT).handle(event("pre-read", "toolu_" + UUID.randomUUID()));
        assertShape(read, "allow");
        assertThat(read.at("/hookSpecificOutput/permissionDecisionReason").asText()).startsWith("Countersign: allowed by policy");

        JsonNode write = hook(Duration.ofSeconds(30), ClaudeCodeHook.OnReview.WAIT)
                .handle(event("pre-write-locked", "toolu_" + UUID.randomUUID()));
        assertShape(write, "deny");
        assertThat(write.at("/hookSpecificOutput/permissionDecisionReason").asText()).contains("locked-files-stay-locked");
    }

    @Test
    void aReviewedWriteIsAllowedAfterTheApprovalAndItsExecutionIsReportedWithTheVerdictsHash() throws Exception {
        String toolUse = "toolu_" + UUID.randomUUID();
        CompletableFuture<JsonNode> pre = CompletableFuture.supplyAsync(() -> {
            try {
                return hook(Duration.ofSeconds(90), ClaudeCodeHook.OnReview.WAIT).handle(event("pre-write-pii", toolUse));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String requestId = await().atMost(Duration.ofSeconds(60)).until(this::pendingWrite, Optional::isPresent).orElseThrow();
        assertThat(pre).isNotDone();
        assertThat(fixture.approve(requestId)).isEqualTo(202);
        JsonNode allowed = pre.get(60, TimeUnit.SECONDS);
        assertShape(allowed, "allow");
        assertThat(allowed.at("/hookSpecificOutput/permissionDecisionReason").asText()).contains("allowed by user:carol@example.com");

        JsonNode post = hook(Duration.ofSeconds(5), ClaudeCodeHook.OnReview.WAIT).handle(event("post-write-pii", toolUse));
        assertShape(post, "post");
        String intentId = allowed.at("/hookSpecificOutput/permissionDecisionReason").asText().replaceAll(".*\\(intent ([^)]+)\\).*", "$1");
        String hash = client.handle(intentId).awaitVerdict(Duration.ZERO).intentHash();
        await().atMost(Duration.ofSeconds(30)).until(() -> executions(intentId).stream()
                .anyMatch(r -> r.getStatus() == ExecutionStatus.SUCCEEDED && hash.equals(r.getExecutedHash())));
    }

    @Test
    void aReviewThatOutlastsTheWaitIsDeniedOrLeftToClaudeCodesPrompt() throws Exception {
        JsonNode denied = hook(Duration.ofSeconds(3), ClaudeCodeHook.OnReview.WAIT).handle(event("pre-write-pii", "toolu_" + UUID.randomUUID()));
        assertShape(denied, "deny");
        assertThat(denied.at("/hookSpecificOutput/permissionDecisionReason").asText()).contains("still awaiting human review");
        JsonNode asked = hook(Duration.ofSeconds(3), ClaudeCodeHook.OnReview.ASK).handle(event("pre-write-pii", "toolu_" + UUID.randomUUID()));
        assertShape(asked, "ask");
    }

    private Optional<String> pendingWrite() throws Exception {
        return StreamSupport.stream(fixture.pending().spliterator(), false)
                .filter(a -> a.path("action").asText().equals("claude-code.write") && a.path("targets").toString().contains("report.csv"))
                .map(a -> a.path("requestId").asText()).reduce((a, b) -> b);
    }

    private List<ExecutionReport> executions(String intentId) {
        var props = fixture.stack.kafka().clientProperties(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        List<ExecutionReport> out = new ArrayList<>();
        try (KafkaConsumer<String, ExecutionReport> c = new KafkaConsumer<>(props, new StringDeserializer(),
                Topics.EXECUTIONS.valueSerde(fixture.stack.registry()).deserializer())) {
            List<TopicPartition> parts = c.partitionsFor(Topics.EXECUTIONS.name()).stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Instant until = Instant.now().plusSeconds(3);
            while (Instant.now().isBefore(until)) {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() != null && intentId.equals(r.value().getIntentId())) {
                        out.add(r.value());
                    }
                });
            }
        }
        return out;
    }
}
