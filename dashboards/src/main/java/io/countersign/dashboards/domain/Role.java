package io.countersign.dashboards.domain;

/**
 * What a dashboard user may do. {@code ANALYST} reads everything the dashboards show; {@code AUDITOR}
 * also verifies audit records against the log and exports result sets.
 */
public enum Role {
    ANALYST,
    AUDITOR
}
