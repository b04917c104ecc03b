package io.countersign.mcpgateway.application;

import io.countersign.mcpgateway.application.port.out.IntentGate;
import io.countersign.mcpgateway.application.port.out.IntentGate.Decision;
import io.countersign.mcpgateway.application.port.out.IntentGate.Execution;
import io.countersign.mcpgateway.application.port.out.UpstreamServers;
import io.countersign.mcpgateway.domain.ToolCall;
import io.countersign.mcpgateway.domain.ToolIntent;
import io.countersign.mcpgateway.domain.ToolRule;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The gate in front of every {@code tools/call}: the call becomes an action intent ({@link ToolIntent}) and is
 * submitted before anything reaches the upstream server. ALLOWED: the call is forwarded with exactly the
 * submitted arguments, and STARTED then SUCCEEDED or FAILED is reported with the verdict's intent hash. DENIED
 * or EXPIRED: the upstream is never called; the agent gets a tool result with {@code isError} saying who or
 * which rule denied it and why. Pending review: the call waits, reporting progress, up to {@code reviewWait},
 * then is answered as not approved and is never run afterwards, even if approved later.
 */
public final class GateToolCalls {

    private static final Logger LOG = LoggerFactory.getLogger(GateToolCalls.class);
    /** How long one wait for the verdict lasts before progress is reported again. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    /** The first wait: a policy verdict comes within it; after it the agent hears that a review is pending. */
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);

    /** A tool call failed upstream after it was allowed: the agent gets a JSON-RPC error. */
    public static final class UpstreamFailure extends RuntimeException {
        UpstreamFailure(String message) {
            super(message, null, false, false);
        }
    }

    private final IntentGate gate;
    private final UpstreamServers upstreams;
    private final Map<String, ToolRule> rules;
    private final Duration reviewWait;
    private final InstantSource clock;

    public GateToolCalls(IntentGate gate, UpstreamServers upstreams, Map<String, ToolRule> rules, Duration reviewWait, InstantSource clock) {
        this.gate = gate;
        this.upstreams = upstreams;
        this.rules = Map.copyOf(rules);
        this.reviewWait = reviewWait;
        this.clock = clock;
    }

    /** Gates {@code call}; {@code progress} hears "waiting for …" lines while a review is pending. */
    public McpSchema.CallToolResult call(ToolCall call, Consumer<String> progress) {
        ToolIntent intent = ToolIntent.of(call, rules.getOrDefault(call.server() + "." + call.tool(), ToolRule.DEFAULT));
        String intentId;
        Optional<Decision> decision;
        try {
            intentId = gate.submit(intent);
            decision = awaitVerdict(intentId, intent, progress);
        } catch (IntentGate.GateException e) {
            LOG.warn("Tool call {} on {} not submitted: {}", call.tool(), call.server(), e.getMessage());
            return refusal("Countersign could not check this call, so it was not run: " + e.getMessage());
        }
        if (decision.isEmpty()) {
            LOG.info("Intent {} ({}) still awaits review after {}; answered as not approved", intentId, intent.action(), reviewWait);
            return refusal("Not approved within " + reviewWait.toMinutes() + " min (intent " + intentId + " awaits human review);"
                    + " the call was not run and will not run. Ask again once it is approved.");
        }
        Decision d = decision.get();
        if (!d.allowed()) {
            LOG.info("Intent {} ({}) denied by {}; the upstream was not called", intentId, intent.action(), d.decidedBy());
            return refusal(denial(d) + " (intent " + intentId + ")");
        }
        return forward(call, intentId, d.intentHash());
    }

    private Optional<Decision> awaitVerdict(String intentId, ToolIntent intent, Consumer<String> progress) throws IntentGate.GateException {
        Instant start = clock.instant();
        Instant deadline = start.plus(reviewWait);
        for (Duration chunk = FIRST_WAIT; ; chunk = PROGRESS_EVERY) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return gate.await(intentId, Duration.ZERO);
            }
            Optional<Decision> d = gate.await(intentId, left.compareTo(chunk) < 0 ? left : chunk);
            if (d.isPresent()) {
                return d;
            }
            long waited = Duration.between(start, clock.instant()).toSeconds();
            progress.accept("waiting for human review of " + intent.action() + " (intent " + intentId + "): " + waited
                    + " s so far, answered as not approved after " + reviewWait.toSeconds() + " s");
        }
    }

    private McpSchema.CallToolResult forward(ToolCall call, String intentId, String hash) {
        gate.report(intentId, Execution.STARTED, hash);
        try {
            McpSchema.CallToolResult result = upstreams.call(call);
            gate.report(intentId, Boolean.TRUE.equals(result.isError()) ? Execution.FAILED : Execution.SUCCEEDED, hash);
            return result;
        } catch (UpstreamServers.UpstreamException e) {
            gate.report(intentId, Execution.FAILED, hash);
            LOG.warn("Allowed intent {}: {} on {} failed upstream: {}", intentId, call.tool(), call.server(), e.getMessage());
            throw new UpstreamFailure("the " + call.server() + " server failed the call: " + e.getMessage());
        }
    }

    /** Who or which rule denied, and why, in one sentence for the agent. */
    public static String denial(Decision d) {
        String who = switch (d.decidedBy()) {
            case "EXPIRED" -> "Denied: the review expired before enough approvals";
            case "APPROVERS" -> "Denied by " + (d.approvers().isEmpty() ? "the approvers" : String.join(", ", d.approvers()));
            default -> "Denied by policy" + (d.rules().isEmpty() ? "" : " rule " + String.join(", ", d.rules()));
        };
        return who + (d.message() == null ? "" : ": " + d.message());
    }

    private static McpSchema.CallToolResult refusal(String text) {
        return McpSchema.CallToolResult.builder().content(List.of(new McpSchema.TextContent(text))).isError(true).build();
    }
}
