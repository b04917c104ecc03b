package io.countersign.mcpgateway.application;

import io.countersign.mcpgateway.application.port.out.ExecutionReports;
import io.countersign.mcpgateway.application.port.out.IntentGate;
import io.countersign.mcpgateway.application.port.out.UpstreamServers;
import io.countersign.mcpgateway.domain.PendingReview;
import io.countersign.mcpgateway.domain.ToolCall;
import io.countersign.mcpgateway.domain.ToolIntent;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gate against in-memory implementations of its ports, on a clock that the waits move. */
class GateToolCallsTest {

    private Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private final List<String> events = new ArrayList<>();
    private Optional<IntentGate.Decision> verdict = Optional.empty();
    private boolean upstreamFails;
    private Optional<PendingReview> review = Optional.empty();

    private final IntentGate gate = new IntentGate() {
        @Override
        public String submit(ToolIntent intent) {
            events.add("submit " + intent.action() + " " + intent.parameters());
            return "i-1";
        }

        @Override
        public String submit(ToolIntent intent, String idempotencyKey) {
            return submit(intent);
        }

        @Override
        public Optional<Decision> await(String intentId, Duration wait) {
            now = now.plus(wait);
            return verdict;
        }

        @Override
        public Optional<PendingReview> review(String intentId) {
            return review;
        }

        @Override
        public void report(String intentId, Execution status, String executedHash) {
            events.add("report " + status + " " + executedHash);
        }
    };

    private final UpstreamServers upstream = new UpstreamServers() {
        @Override
        public Map<String, List<McpSchema.Tool>> tools() {
            return Map.of();
        }

        @Override
        public McpSchema.CallToolResult call(ToolCall call) throws UpstreamException {
            events.add("upstream " + call.tool() + " " + call.arguments());
            if (upstreamFails) {
                throw new UpstreamException("server exited");
            }
            return McpSchema.CallToolResult.builder().content(List.of(new McpSchema.TextContent("done"))).isError(false).build();
        }

        @Override
        public Map<String, List<McpSchema.Resource>> resources() {
            return Map.of();
        }

        @Override
        public Map<String, List<McpSchema.ResourceTemplate>> resourceTemplates() {
            return Map.of();
        }

        @Override
        public McpSchema.ReadResourceResult read(String server, String uri) {
            events.add("upstream read " + uri);
            return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, "text/plain", "contents")));
        }

        @Override
        public Map<String, List<McpSchema.Prompt>> prompts() {
            return Map.of();
        }

        @Override
        public McpSchema.GetPromptResult prompt(String server, McpSchema.GetPromptRequest request) {
            throw new AssertionError("the gate never fetches prompts: they pass through the MCP server adapter");
        }
    };

    private final GateToolCalls calls = new GateToolCalls(gate, upstream, Map.of(), Duration.ofSeconds(30), () -> now, ExecutionReports.inline());
    private final ToolCall write = new ToolCall("fs", "write_file", Map.of("path", "/x"), Map.of());

    @Test
    void anAllowedCallIsForwardedWithItsArgumentsAndReportedWithTheVerdictsHash() {
        verdict = Optional.of(new IntentGate.Decision(true, "POLICY", List.of(), List.of(), null, "h-1"));
        McpSchema.CallToolResult result = calls.call(write, m -> events.add("progress"));
        assertThat(result.isError()).isFalse();
        assertThat(events).containsExactly("submit mcp.fs.write_file {path=/x}", "report STARTED h-1", "upstream write_file {path=/x}",
                "report SUCCEEDED h-1");
    }

    @Test
    void theAgentsAnswerDoesNotWaitForTheReportsWhichGoOutInOrderUnderTheIntentsId() {
        List<String> queuedFor = new ArrayList<>();
        List<Runnable> queued = new ArrayList<>();
        GateToolCalls queueing = new GateToolCalls(gate, upstream, Map.of(), Duration.ofSeconds(30), () -> now, (intentId, report) -> {
            queuedFor.add(intentId);
            queued.add(report);
        });
        verdict = Optional.of(new IntentGate.Decision(true, "POLICY", List.of(), List.of(), null, "h-1"));
        assertThat(queueing.call(write, m -> { }).isError()).isFalse();
        assertThat(events).as("answered before any report went out").containsExactly("submit mcp.fs.write_file {path=/x}",
                "upstream write_file {path=/x}");
        queued.forEach(Runnable::run);
        assertThat(queuedFor).containsExactly("i-1", "i-1");
        assertThat(events).endsWith("report STARTED h-1", "report SUCCEEDED h-1");
    }

    @Test
    void aDeniedCallNeverReachesTheUpstreamAndSaysWhoDenied() {
        verdict = Optional.of(new IntentGate.Decision(false, "APPROVERS", List.of("pii"), List.of("user:carol@example.com"), "no contract",
                "h-1"));
        McpSchema.CallToolResult result = calls.call(write, m -> { });
        assertThat(result.isError()).isTrue();
        assertThat(((McpSchema.TextContent) result.content().get(0)).text()).startsWith("Denied by user:carol@example.com: no contract");
        assertThat(events).noneMatch(e -> e.startsWith("upstream") || e.startsWith("report"));
    }

    @Test
    void aPendingReviewReportsProgressThenIsAnsweredAsNotApprovedWithoutRunning() {
        List<String> progress = new ArrayList<>();
        McpSchema.CallToolResult result = calls.call(write, progress::add);
        assertThat(result.isError()).isTrue();
        assertThat(((McpSchema.TextContent) result.content().get(0)).text()).contains("Not approved within", "will not run");
        assertThat(progress).hasSizeGreaterThanOrEqualTo(5).allMatch(p -> p.contains("waiting for human review of mcp.fs.write_file"));
        assertThat(events).noneMatch(e -> e.startsWith("upstream"));
    }

    @Test
    void whileTheReviewIsReportedProgressSaysHowManyApprovalsOfTheQuorumFromWhichGroupAndWhenItExpires() {
        review = Optional.of(new PendingReview(2, 1, List.of("data-stewards"), now.plus(Duration.ofMinutes(29)), false));
        List<String> progress = new ArrayList<>();
        calls.call(write, progress::add);
        // The first line comes after the first 1 s wait: 28 min 59 s left.
        assertThat(progress.get(0)).isEqualTo("waiting for human review: 1 of 2 approvals so far from data-stewards, expires in 29 min"
                + " (mcp.fs.write_file, intent i-1; answered as not approved after 30 s)");
        assertThat(progress).hasSizeGreaterThanOrEqualTo(5).allMatch(p -> p.startsWith("waiting for human review: 1 of 2 approvals so far"));
        assertThat(events).noneMatch(e -> e.startsWith("upstream"));
    }

    @Test
    void anUpstreamFailureAfterTheAllowIsReportedFailedAndSurfacesAsAnError() {
        verdict = Optional.of(new IntentGate.Decision(true, "POLICY", List.of(), List.of(), null, "h-1"));
        upstreamFails = true;
        assertThatThrownBy(() -> calls.call(write, m -> { })).isInstanceOf(GateToolCalls.UpstreamFailure.class)
                .hasMessageContaining("server exited");
        assertThat(events).endsWith("report FAILED h-1");
    }

    @Test
    void anAllowedResourceReadIsSubmittedWithTheUriAsTargetAndReported() {
        verdict = Optional.of(new IntentGate.Decision(true, "POLICY", List.of(), List.of(), null, "h-2"));
        McpSchema.ReadResourceResult result = calls.read("docs", "demo://doc/1", Map.of(), m -> { });
        assertThat(((McpSchema.TextResourceContents) result.contents().get(0)).text()).isEqualTo("contents");
        assertThat(events).containsExactly("submit mcp.resource.read {server=docs, uri=demo://doc/1}", "report STARTED h-2",
                "upstream read demo://doc/1", "report SUCCEEDED h-2");
    }

    @Test
    void aDeniedResourceReadNeverReachesTheUpstream() {
        verdict = Optional.of(new IntentGate.Decision(false, "POLICY", List.of("no-docs"), List.of(), "not for agents", "h-2"));
        assertThatThrownBy(() -> calls.read("docs", "demo://doc/1", Map.of(), m -> { })).isInstanceOf(GateToolCalls.Refused.class)
                .hasMessageContaining("Denied by policy rule no-docs: not for agents");
        assertThat(events).noneMatch(e -> e.startsWith("upstream") || e.startsWith("report"));
    }

    @Test
    void aCallTheClientCancelledWhileWaitingIsReportedCancelledAndNeverRunsEvenIfApprovedLater() {
        boolean[] cancelled = {false};
        McpSchema.CallToolResult result = calls.call(write, m -> {
            cancelled[0] = true; // the client cancels while the review is pending ...
            verdict = Optional.of(new IntentGate.Decision(true, "APPROVERS", List.of(), List.of("user:carol@example.com"), null, "h-1"));
        }, () -> cancelled[0]); // ... and the approval comes after
        assertThat(result.isError()).isTrue();
        assertThat(((McpSchema.TextContent) result.content().get(0)).text()).startsWith("Cancelled by the client");
        assertThat(events).noneMatch(e -> e.startsWith("upstream"));
        assertThat(events).as("the cancellation is on the record; no verdict had named a hash yet")
                .filteredOn(e -> e.startsWith("report")).containsExactly("report CANCELLED null");
    }
}
