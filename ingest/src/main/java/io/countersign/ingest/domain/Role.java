package io.countersign.ingest.domain;

/**
 * What a credential may do at the gateway. Agents submit intents, read their own verdicts and report
 * executions and lineage; stewards declare dataset labels; approvers decide (through the approval API).
 * A credential may hold several roles.
 */
public enum Role {
    AGENT, STEWARD, APPROVER, LINEAGE
}
