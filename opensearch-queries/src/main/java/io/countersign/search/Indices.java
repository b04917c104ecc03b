package io.countersign.search;

/**
 * The OpenSearch indices Countersign keeps, by name: the contract between the lineage-index job that
 * writes them and everything that reads them (the dashboards, {@code countersign lineage}, {@code audit
 * verify --index}). Their mappings are created by the job ({@code IndexSetup}).
 */
public final class Indices {

    /** One document per intent, merged from its audit events (id = intent id). */
    public static final String AUDIT = "countersign-audit";
    /** Every chained audit record (id = chain partition and sequence). */
    public static final String AUDIT_EVENTS = "countersign-audit-events";
    /** One document per lineage edge (id = the edge id). */
    public static final String LINEAGE_EDGES = "countersign-lineage-edges";
    /** One document per dataset: declared and inherited labels with their paths, usage counters. */
    public static final String DATASETS = "countersign-datasets";
    /** Hourly use of each dataset by each agent. */
    public static final String USAGE = "countersign-usage";

    private Indices() {
    }
}
