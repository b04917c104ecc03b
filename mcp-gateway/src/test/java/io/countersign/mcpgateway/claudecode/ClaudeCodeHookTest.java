package io.countersign.mcpgateway.claudecode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.mcpgateway.application.port.out.IntentGate;
import io.countersign.mcpgateway.domain.PendingReview;
import io.countersign.mcpgateway.domain.ToolIntent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The hook's answer to a review that outlasts its wait says what the review waits for, when Countersign reports it. */
class ClaudeCodeHookTest {

    private Optional<PendingReview> review = Optional.empty();

    private final IntentGate pending = new IntentGate() {
        @Override
        public String submit(ToolIntent intent) {
            return "i-7";
        }

        @Override
        public String submit(ToolIntent intent, String idempotencyKey) {
            return "i-7";
        }

        @Override
        public Optional<Decision> await(String intentId, Duration wait) {
            return Optional.empty();
        }

        @Override
        public Optional<PendingReview> review(String intentId) {
            return review;
        }

        @Override
        public void report(String intentId, Execution status, String executedHash) {
        }
    };

    private String reason(ClaudeCodeHook.OnReview onReview) throws Exception {
        JsonNode input = new ObjectMapper().readTree("""
                {"hook_event_name": "PreToolUse", "session_id": "s-1", "tool_use_id": "toolu_1", "tool_name": "Write",
                 "tool_input": {"file_path": "/srv/pii/report.csv", "content": "id"}}""");
        return new ClaudeCodeHook(pending, Duration.ZERO, onReview).handle(input).at("/hookSpecificOutput/permissionDecisionReason").asText();
    }

    @Test
    void aTimeoutSaysHowManyApprovalsOfTheQuorumFromWhomAndWhenTheReviewExpires() throws Exception {
        review = Optional.of(new PendingReview(2, 1, List.of("data-stewards"), Instant.now().plus(Duration.ofMinutes(28)), false));
        assertThat(reason(ClaudeCodeHook.OnReview.WAIT)).isEqualTo("Countersign: still awaiting human review (intent i-7; 1 of 2 approvals"
                + " so far from data-stewards, expires in 28 min) after 0 s; not run. Try again once it is approved.");
        assertThat(reason(ClaudeCodeHook.OnReview.ASK)).startsWith("Countersign: this needs human review (intent i-7; 1 of 2 approvals so far");
    }

    @Test
    void withoutReviewDetailsTheTimeoutSaysWhatItSaidBefore() throws Exception {
        assertThat(reason(ClaudeCodeHook.OnReview.WAIT))
                .isEqualTo("Countersign: still awaiting human review (intent i-7) after 0 s; not run. Try again once it is approved.");
    }
}
