package io.countersign.mcpgateway.application.port.out;

import io.countersign.mcpgateway.domain.PendingReview;
import io.countersign.mcpgateway.domain.ToolIntent;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Countersign as the MCP gateway sees it: submit a tool call's intent, wait a while for its verdict, report
 * what became of an allowed call. The agent identity is the API key's, never anything in the call.
 */
public interface IntentGate {

    /** Countersign could not be reached or refused the request; nothing may run. */
    final class GateException extends Exception {
        public GateException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A verdict: allowed or not, who decided ({@code POLICY}, {@code APPROVERS}, {@code EXPIRED}), the rules that
     * matched, the approvers who decided, the one-sentence message, and the hash of the intent it decided.
     */
    record Decision(boolean allowed, String decidedBy, List<String> rules, List<String> approvers, String message, String intentHash) {
        public Decision {
            rules = List.copyOf(rules);
            approvers = List.copyOf(approvers);
        }
    }

    /** Submits {@code intent}; its id. */
    String submit(ToolIntent intent) throws GateException;

    /**
     * Submits {@code intent} under an idempotency key: the same intent submitted again under the same key
     * (a hook's PreToolUse and PostToolUse for one tool use) gets the same intent id back.
     */
    String submit(ToolIntent intent, String idempotencyKey) throws GateException;

    /** The verdict of {@code intentId} if it arrives within {@code wait}; empty while it is still pending. */
    Optional<Decision> await(String intentId, Duration wait) throws GateException;

    /**
     * What the pending review of {@code intentId} waits for, asked once without waiting; empty when it waits for none,
     * or Countersign has not read the review yet or does not report it (an older gateway).
     */
    Optional<PendingReview> review(String intentId) throws GateException;

    /**
     * Reports that the allowed call started, succeeded or failed, or that the client cancelled it ({@code executedHash}
     * null when no verdict named one); best effort: a lost report is logged, not fatal.
     */
    void report(String intentId, Execution status, String executedHash);

    /** What became of a call: STARTED, SUCCEEDED or FAILED once allowed; CANCELLED by the client, so it never runs. */
    enum Execution { STARTED, SUCCEEDED, FAILED, CANCELLED }
}
