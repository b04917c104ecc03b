package io.countersign.lineage.domain;

/**
 * Lineage observed from an agent's execution: {@code target} was written by intent {@code intentId}
 * (action {@code job}) that read {@code source}. A Flink POJO; written to {@code countersign.lineage}
 * as a {@code LineageEdge} with origin {@code EXECUTION}.
 */
public class ExecutionEdge {

    public String source;
    public String target;
    public String job;
    public String intentId;
    public long at;

    public ExecutionEdge() {
    }

    public static ExecutionEdge of(String source, String target, String job, String intentId, long at) {
        ExecutionEdge e = new ExecutionEdge();
        e.source = source;
        e.target = target;
        e.job = job;
        e.intentId = intentId;
        e.at = at;
        return e;
    }
}
