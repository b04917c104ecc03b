package io.countersign.sdk;

/** What an agent reports about running an allowed intent (see {@link Countersign#reportExecution}). */
public enum ExecutionStatus {
    /** The action is about to run. */
    STARTED,
    /** The action completed. */
    SUCCEEDED,
    /** The action failed. */
    FAILED,
    /**
     * The caller withdrew the intent before it ran (e.g. an MCP client cancelled the call): it never runs
     * afterwards, whatever its verdict. The executed hash may be left out when no verdict named one.
     */
    CANCELLED
}
