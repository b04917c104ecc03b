package io.countersign.lineage.domain;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts of decided uses: how many, by kind (reads, exports, writes), refused ones, and by action and
 * outcome; plus the latest use. The accumulator of the hourly rollup window and the per-agent value of
 * a dataset's usage counters. A Flink POJO.
 */
public class UsageCounts {

    public long total;
    public long reads;
    public long exports;
    public long writes;
    public long denials;
    public Map<String, Long> byAction = new HashMap<>();
    public Map<String, Long> byOutcome = new HashMap<>();
    public long lastAt;
    public String lastAgent;

    public UsageCounts() {
    }

    public UsageCounts add(DatasetUse u) {
        total++;
        switch (u.kind) {
            case DatasetUse.READ -> reads++;
            case DatasetUse.EXPORT -> exports++;
            case DatasetUse.WRITE -> writes++;
            default -> {
            }
        }
        if (u.denied()) {
            denials++;
        }
        byAction.merge(u.action, 1L, Long::sum);
        byOutcome.merge(u.outcome, 1L, Long::sum);
        if (u.at >= lastAt) {
            lastAt = u.at;
            lastAgent = u.agent;
        }
        return this;
    }

    public UsageCounts merge(UsageCounts other) {
        total += other.total;
        reads += other.reads;
        exports += other.exports;
        writes += other.writes;
        denials += other.denials;
        other.byAction.forEach((k, v) -> byAction.merge(k, v, Long::sum));
        other.byOutcome.forEach((k, v) -> byOutcome.merge(k, v, Long::sum));
        if (other.lastAt >= lastAt) {
            lastAt = other.lastAt;
            lastAgent = other.lastAgent;
        }
        return this;
    }
}
