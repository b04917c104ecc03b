package io.countersign.mcpgateway.application.port.out;

/**
 * Where a gated call's execution reports go: each is sent in the order given for its intent, possibly after
 * the call that gave it has answered the agent, so that the agent never waits for a report's acknowledgement.
 */
@FunctionalInterface
public interface ExecutionReports {

    /** Sends {@code report} (an {@link IntentGate#report} call) for {@code intentId}, after the ones given before it. */
    void send(String intentId, Runnable report);

    /** Sends each report on the caller's thread before returning (tests, and a gateway that must not queue). */
    static ExecutionReports inline() {
        return (intentId, report) -> report.run();
    }
}
