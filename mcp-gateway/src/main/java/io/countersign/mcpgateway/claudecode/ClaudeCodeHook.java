package io.countersign.mcpgateway.claudecode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.mcpgateway.application.GateMessages;
import io.countersign.mcpgateway.application.port.out.IntentGate;
import io.countersign.mcpgateway.application.port.out.IntentGate.Decision;
import io.countersign.mcpgateway.application.port.out.IntentGate.Execution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Claude Code's (and the Claude Agent SDK's) {@code PreToolUse} / {@code PostToolUse} hooks backed by
 * Countersign. PreToolUse: the tool use is submitted as an intent ({@link ToolUse#intent()}) under an
 * idempotency key made of the session and tool-use ids, and the hook answers with
 * {@code hookSpecificOutput.permissionDecision}: {@code allow} once allowed, {@code deny} with who or which rule
 * denied and why, and, while a review is still pending after the wait, {@code deny} ("still awaiting review") or,
 * with {@link OnReview#ASK}, {@code ask} so Claude Code's own prompt decides (the intent stays pending; if the
 * tool runs anyway, its execution report shows it ran without an allow). Countersign unreachable: {@code deny}
 * (fail closed). PostToolUse / PostToolUseFailure: the same intent id is found again by its idempotency key and
 * SUCCEEDED / FAILED is reported with the verdict's hash.
 */
public final class ClaudeCodeHook {

    private static final Logger LOG = LoggerFactory.getLogger(ClaudeCodeHook.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** What a still-pending review answers once the wait is over. */
    public enum OnReview { WAIT, ASK }

    private final IntentGate gate;
    private final Duration wait;
    private final OnReview onReview;

    public ClaudeCodeHook(IntentGate gate, Duration wait, OnReview onReview) {
        this.gate = gate;
        this.wait = wait;
        this.onReview = onReview;
    }

    /** The hook's JSON answer to one event; IllegalArgumentException for input that is not a tool-use event. */
    public ObjectNode handle(JsonNode input) {
        ToolUse use = ToolUse.parse(input);
        return switch (use.event()) {
            case "PreToolUse" -> pre(use);
            case "PostToolUse" -> post(use, Execution.SUCCEEDED);
            case "PostToolUseFailure" -> post(use, Execution.FAILED);
            default -> throw new IllegalArgumentException("hook event " + use.event() + " is not one Countersign handles"
                    + " (PreToolUse, PostToolUse, PostToolUseFailure)");
        };
    }

    private ObjectNode pre(ToolUse use) {
        String intentId;
        Optional<Decision> d;
        try {
            intentId = gate.submit(use.intent(), key(use));
            d = gate.await(intentId, onReview == OnReview.ASK ? min(wait, Duration.ofSeconds(2)) : wait);
        } catch (IntentGate.GateException e) {
            LOG.warn("Claude Code {} not checked: {}", use.tool(), e.getMessage());
            return decision("deny", "Countersign could not check this tool use, so it must not run: " + e.getMessage());
        }
        if (d.isEmpty()) {
            // What the review waits for, e.g. "; 0 of 2 approvals so far from data-stewards, expires in 28 min".
            String review = GateMessages.reviewOf(gate, intentId).map(r -> "; " + r.describe(Instant.now())).orElse("");
            return onReview == OnReview.ASK
                    ? decision("ask", "Countersign: this needs human review (intent " + intentId + review + "); decide here, it is recorded")
                    : decision("deny", "Countersign: still awaiting human review (intent " + intentId + review + ") after " + wait.toSeconds()
                    + " s; not run. Try again once it is approved.");
        }
        if (!d.get().allowed()) {
            return decision("deny", "Countersign: " + GateMessages.denial(d.get()) + " (intent " + intentId + ")");
        }
        String by = d.get().approvers().isEmpty() ? "by policy" : "by " + String.join(", ", d.get().approvers());
        return decision("allow", "Countersign: allowed " + by + " (intent " + intentId + ")");
    }

    private ObjectNode post(ToolUse use, Execution status) {
        if (key(use) == null) {
            return JSON.objectNode(); // nothing to correlate with: the PreToolUse submitted without a key
        }
        try {
            String intentId = gate.submit(use.intent(), key(use));
            Optional<Decision> d = gate.await(intentId, Duration.ZERO);
            gate.report(intentId, status, d.map(Decision::intentHash).orElse(null));
        } catch (IntentGate.GateException e) {
            LOG.warn("Claude Code {} execution not reported: {}", use.tool(), e.getMessage());
        }
        return JSON.objectNode();
    }

    private static String key(ToolUse use) {
        return use.toolUseId() == null ? null : "claude-code:" + (use.sessionId() == null ? "" : use.sessionId() + ":") + use.toolUseId();
    }

    private static ObjectNode decision(String permission, String reason) {
        ObjectNode out = JSON.objectNode();
        out.putObject("hookSpecificOutput").put("hookEventName", "PreToolUse").put("permissionDecision", permission)
                .put("permissionDecisionReason", reason);
        return out;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }
}
