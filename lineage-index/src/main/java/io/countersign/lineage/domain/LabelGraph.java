package io.countersign.lineage.domain;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Label propagation along lineage: a label declared on a dataset reaches everything derived from it,
 * transitively (A → B → C), but not across edges that mask or aggregate; cycles are fine; removing a
 * label or an edge retracts what it carried. Each inherited label keeps its provenance: the shortest
 * dataset path from where it is declared, and the job behind each hop.
 *
 * <p>Every change returns the datasets whose inherited labels changed, with their new labels (empty:
 * retracted), recomputed for the changed dataset and everything downstream of it — never the whole graph.
 */
public final class LabelGraph implements Serializable {

    /** One derivation: {@code target} was produced from {@code source} by {@code job}. */
    public record Edge(String source, String target, String job, boolean carriesLabels) implements Serializable {
    }

    /** A label a dataset inherits, where it comes from (path, first = declaring dataset), and through which jobs. */
    public record Inherited(String label, List<String> path, List<String> via) implements Serializable {
    }

    private final Map<String, Map<String, Edge>> downstream = new HashMap<>();
    private final Map<String, Map<String, Edge>> upstream = new HashMap<>();
    private final Map<String, Set<String>> declared = new HashMap<>();
    private final Map<String, List<Inherited>> inherited = new HashMap<>();

    /** Adds or replaces the edge {@code source → target} (one per pair; the latest wins). */
    public Map<String, List<Inherited>> edge(Edge e) {
        if (e.source().equals(e.target())) {
            return Map.of();
        }
        downstream.computeIfAbsent(e.source(), k -> new LinkedHashMap<>()).put(e.target(), e);
        upstream.computeIfAbsent(e.target(), k -> new LinkedHashMap<>()).put(e.source(), e);
        return recompute(e.target());
    }

    public Map<String, List<Inherited>> removeEdge(String source, String target) {
        Map<String, Edge> out = downstream.get(source);
        if (out == null || out.remove(target) == null) {
            return Map.of();
        }
        upstream.getOrDefault(target, new HashMap<>()).remove(source);
        return recompute(target);
    }

    /** Sets the labels declared on {@code dataset} (empty: none). */
    public Map<String, List<Inherited>> declare(String dataset, Set<String> labels) {
        if (labels.isEmpty()) {
            declared.remove(dataset);
        } else {
            declared.put(dataset, Set.copyOf(labels));
        }
        return recompute(dataset);
    }

    public List<Inherited> inheritedBy(String dataset) {
        return inherited.getOrDefault(dataset, List.of());
    }

    /** Recomputes {@code from} and everything downstream of it; returns what changed. */
    private Map<String, List<Inherited>> recompute(String from) {
        Map<String, List<Inherited>> changed = new LinkedHashMap<>();
        for (String dataset : reachable(from)) {
            List<Inherited> now = compute(dataset);
            if (!Objects.equals(now, inherited.getOrDefault(dataset, List.of()))) {
                if (now.isEmpty()) {
                    inherited.remove(dataset);
                } else {
                    inherited.put(dataset, now);
                }
                changed.put(dataset, now);
            }
        }
        return changed;
    }

    /** {@code from} and every dataset downstream of it along any edge (a masking edge still ends a label, not reachability). */
    private Set<String> reachable(String from) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(List.of(from));
        while (!queue.isEmpty()) {
            String d = queue.poll();
            if (seen.add(d)) {
                queue.addAll(downstream.getOrDefault(d, Map.of()).keySet());
            }
        }
        return seen;
    }

    /** Breadth-first upstream over carrying edges: the nearest declaring ancestor of each label wins. */
    private List<Inherited> compute(String dataset) {
        Map<String, Inherited> byLabel = new LinkedHashMap<>();
        Map<String, String> parent = new HashMap<>();
        Set<String> seen = new HashSet<>(List.of(dataset));
        Deque<String> queue = new ArrayDeque<>(List.of(dataset));
        while (!queue.isEmpty()) {
            String d = queue.poll();
            for (Edge e : upstream.getOrDefault(d, Map.of()).values()) {
                if (!e.carriesLabels() || !seen.add(e.source())) {
                    continue;
                }
                parent.put(e.source(), d);
                queue.add(e.source());
                for (String label : declared.getOrDefault(e.source(), Set.of())) {
                    byLabel.computeIfAbsent(label, l -> path(l, e.source(), parent));
                }
            }
        }
        return List.copyOf(byLabel.values());
    }

    /** The path from the declaring {@code origin} down to the dataset being computed, and the jobs along it. */
    private Inherited path(String label, String origin, Map<String, String> parent) {
        List<String> path = new ArrayList<>();
        List<String> via = new ArrayList<>();
        for (String d = origin; d != null; d = parent.get(d)) {
            String next = parent.get(d);
            path.add(d);
            if (next != null) {
                Edge e = downstream.get(d).get(next);
                via.add(e.job() == null ? "unknown" : e.job());
            }
        }
        return new Inherited(label, List.copyOf(path), List.copyOf(via));
    }

    public int datasets() {
        Set<String> all = new HashSet<>(downstream.keySet());
        all.addAll(upstream.keySet());
        all.addAll(declared.keySet());
        return all.size();
    }
}
