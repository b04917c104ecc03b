package io.countersign.lineage.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.contracts.canonical.IntentHash;
import io.countersign.search.Indices;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Index writes for usage: an hourly rollup per dataset × agent in {@code countersign-usage} (id =
 * hash of dataset, agent and hour, so a window firing again replaces its document), and a dataset's
 * usage counters — totals, by agent, last accessed — in its {@code countersign-datasets} document.
 * Both carry whole counts, never increments, so replays after a restart rewrite the same values. Their
 * {@link Origin} is the operator that derived them, named by its uid in the job.
 */
public final class UsageDocuments {

    public static final String USAGE = Indices.USAGE;
    /** The uid of the hourly window operator (also the origin of a use it refused as too late). */
    public static final String HOURLY_WINDOW = "usage-hourly-window";
    /** The uid of the per-dataset counters operator. */
    public static final String DATASET_COUNTERS = "dataset-usage-counters";
    private static final ObjectMapper JSON = new ObjectMapper();

    private UsageDocuments() {
    }

    public static IndexOp hourly(String dataset, String agent, long hourStart, long hourEnd, UsageCounts c) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("dataset", dataset);
        doc.put("agent", agent);
        doc.put("hour", Instant.ofEpochMilli(hourStart).toString());
        doc.put("hourEnd", Instant.ofEpochMilli(hourEnd).toString());
        counts(doc, c);
        doc.put("actions", entries(c.byAction, "action"));
        doc.put("outcomes", entries(c.byOutcome, "outcome"));
        String id = IntentHash.sha256Hex(dataset + "\n" + agent + "\n" + hourStart);
        return IndexOp.upsert(USAGE, id, json(doc), Origin.derived(HOURLY_WINDOW));
    }

    /** The {@code usage} part of a dataset's document, from its per-agent counts. */
    public static IndexOp datasetCounters(String dataset, Map<String, UsageCounts> byAgent) {
        UsageCounts all = new UsageCounts();
        List<Map<String, Object>> agents = new ArrayList<>();
        byAgent.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.naturalOrder())).forEach(e -> {
            all.merge(e.getValue());
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("agent", e.getKey());
            counts(a, e.getValue());
            a.put("lastAccessedAt", Instant.ofEpochMilli(e.getValue().lastAt).toString());
            agents.add(a);
        });
        Map<String, Object> usage = new LinkedHashMap<>();
        counts(usage, all);
        usage.put("lastAccessedAt", Instant.ofEpochMilli(all.lastAt).toString());
        usage.put("lastAccessedBy", all.lastAgent);
        usage.put("agents", agents);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("dataset", dataset);
        doc.put("usage", usage);
        return IndexOp.upsert(LineageDocuments.DATASETS, dataset, json(doc), Origin.derived(DATASET_COUNTERS));
    }

    private static void counts(Map<String, Object> doc, UsageCounts c) {
        doc.put("total", c.total);
        doc.put("reads", c.reads);
        doc.put("exports", c.exports);
        doc.put("writes", c.writes);
        doc.put("denials", c.denials);
    }

    private static List<Map<String, Object>> entries(Map<String, Long> counts, String name) {
        List<Map<String, Object>> out = new ArrayList<>();
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(name, e.getKey());
            m.put("count", e.getValue());
            out.add(m);
        });
        return out;
    }

    private static String json(Map<String, Object> doc) {
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write index document", e);
        }
    }
}
