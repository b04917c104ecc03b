package io.countersign.lineage.domain;

import java.util.Objects;

/**
 * One write to OpenSearch: a partial document upserted into {@code index} under {@code id} (ids are
 * deterministic, so replaying after a restart rewrites the same documents instead of adding new ones),
 * or — when {@code failure} is set — a record that could not be turned into a document, or a use too
 * late for its rollup, which goes to the dead-letter topic with that reason, the {@code stage} that gave
 * up and its {@link Origin}. A Flink POJO: public no-argument constructor and fields.
 */
public class IndexOp {

    /** Stage of a record that could not be read. */
    public static final String DESERIALIZE = "deserialize";
    /** Stage of an input the job read but would not index (a use too late for its hourly rollup). */
    public static final String PROCESS = "process";

    public String index;
    public String id;
    /** JSON object merged into the document (doc_as_upsert). */
    public String json;
    /** When set, the whole document to create if none exists (json then only updates an existing one). */
    public String upsertJson;
    public String failure;
    /** For a failure, the dead letter's stage: {@code deserialize} (unreadable) or {@code process} (refused by the job). */
    public String stage;
    /** Where the input came from, for dead letters. */
    public Origin origin;

    public IndexOp() {
    }

    public static IndexOp upsert(String index, String id, String json, Origin origin) {
        IndexOp op = new IndexOp();
        op.index = index;
        op.id = id;
        op.json = json;
        op.origin = origin;
        return op;
    }

    /** Nothing to index: the dead letter says which {@code stage} gave up on the input from {@code origin}, and why. */
    public static IndexOp failed(String stage, String reason, Origin origin) {
        IndexOp op = new IndexOp();
        op.stage = stage;
        op.failure = reason;
        op.origin = origin;
        return op;
    }

    public boolean isFailure() {
        return failure != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexOp other && Objects.equals(index, other.index) && Objects.equals(id, other.id)
                && Objects.equals(json, other.json) && Objects.equals(failure, other.failure);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, id, json, failure);
    }

    @Override
    public String toString() {
        return isFailure() ? "IndexOp[failed at " + origin + "]" : "IndexOp[" + index + "/" + id + "]";
    }
}
