package io.countersign.lineage.domain;

import java.util.Objects;

/**
 * One write to OpenSearch: a partial document upserted into {@code index} under {@code id} (ids are
 * deterministic, so replaying after a restart rewrites the same documents instead of adding new ones),
 * or — when {@code failure} is set — a record that could not be turned into a document and goes to
 * the dead-letter topic with that reason. A Flink POJO: public no-argument constructor and fields.
 */
public class IndexOp {

    public String index;
    public String id;
    /** JSON object merged into the document (doc_as_upsert). */
    public String json;
    /** When set, the whole document to create if none exists (json then only updates an existing one). */
    public String upsertJson;
    public String failure;
    /** Where the input came from, for dead letters: "topic|partition|offset". */
    public String source;

    public IndexOp() {
    }

    public static IndexOp upsert(String index, String id, String json, String source) {
        IndexOp op = new IndexOp();
        op.index = index;
        op.id = id;
        op.json = json;
        op.source = source;
        return op;
    }

    public static IndexOp failed(String reason, String source) {
        IndexOp op = new IndexOp();
        op.failure = reason;
        op.source = source;
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
        return isFailure() ? "IndexOp[failed at " + source + "]" : "IndexOp[" + index + "/" + id + "]";
    }
}
