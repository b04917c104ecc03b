package io.countersign.sdk;

/** What an agent reports about running an allowed intent (see {@link Countersign#reportExecution}). */
public enum ExecutionStatus {
    /** The action is about to run. */
    STARTED,
    /** The action completed. */
    SUCCEEDED,
    /** The action failed. */
    FAILED
}
