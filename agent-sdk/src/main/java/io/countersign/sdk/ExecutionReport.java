package io.countersign.sdk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What an agent reports about running an allowed intent: started, succeeded or failed, the hash of
 * what it executed, the datasets it wrote and how many rows it touched.
 *
 * <pre>{@code
 * cs.reportExecution(intentId, ExecutionReport.builder(ExecutionStatus.SUCCEEDED)
 *         .executedHash(verdict.intentHash())
 *         .outputDataset("s3://partner/x.csv")
 *         .rowsAffected(42L)
 *         .build());
 * }</pre>
 *
 * <p>Keep {@code detail} free of data values: it is stored in the audit log.
 */
public final class ExecutionReport {
    private final ExecutionStatus status;
    private final String executedHash;
    private final List<String> outputDatasets;
    private final Long rowsAffected;
    private final String detail;

    private ExecutionReport(Builder b) {
        status = b.status;
        executedHash = b.executedHash;
        outputDatasets = Collections.unmodifiableList(new ArrayList<>(b.outputDatasets));
        rowsAffected = b.rowsAffected;
        detail = b.detail;
    }

    /** Starts a report with the given status. */
    public static Builder builder(ExecutionStatus status) {
        return new Builder(status);
    }

    /** Started, succeeded or failed. */
    public ExecutionStatus status() { return status; }

    /** SHA-256 hex of what was executed, or null. */
    public String executedHash() { return executedHash; }

    /** Datasets the action wrote; may be empty. */
    public List<String> outputDatasets() { return outputDatasets; }

    /** Rows affected, or null if unknown. */
    public Long rowsAffected() { return rowsAffected; }

    /** Free-text detail (no data values), or null. */
    public String detail() { return detail; }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ExecutionReport)) {
            return false;
        }
        ExecutionReport r = (ExecutionReport) o;
        return status == r.status && Objects.equals(executedHash, r.executedHash)
                && outputDatasets.equals(r.outputDatasets) && Objects.equals(rowsAffected, r.rowsAffected)
                && Objects.equals(detail, r.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, executedHash, outputDatasets, rowsAffected, detail);
    }

    @Override
    public String toString() {
        return "ExecutionReport{status=" + status + ", executedHash=" + executedHash
                + ", outputDatasets=" + outputDatasets + ", rowsAffected=" + rowsAffected + "}";
    }

    /** Builder for {@link ExecutionReport}. Not thread-safe. */
    public static final class Builder {
        private final ExecutionStatus status;
        private String executedHash;
        private final List<String> outputDatasets = new ArrayList<>();
        private Long rowsAffected;
        private String detail;

        private Builder(ExecutionStatus status) {
            this.status = Objects.requireNonNull(status, "status");
        }

        /** SHA-256 hex of what was executed; normally the verdict's {@link Verdict#intentHash()}. */
        public Builder executedHash(String hash) { this.executedHash = hash; return this; }

        /** Adds a dataset the action wrote. */
        public Builder outputDataset(String dataset) {
            outputDatasets.add(Objects.requireNonNull(dataset, "dataset"));
            return this;
        }

        /** Adds datasets the action wrote; null is treated as none. */
        public Builder outputDatasets(Collection<String> datasets) {
            if (datasets != null) {
                datasets.forEach(this::outputDataset);
            }
            return this;
        }

        /** Rows affected, or null if unknown. */
        public Builder rowsAffected(Long rows) {
            if (rows != null && rows < 0) {
                throw new IllegalArgumentException("rowsAffected must not be negative");
            }
            this.rowsAffected = rows;
            return this;
        }

        /** Free-text detail; never put data values or exception messages here. */
        public Builder detail(String detail) { this.detail = detail; return this; }

        /** Builds the report. */
        public ExecutionReport build() {
            return new ExecutionReport(this);
        }
    }
}
