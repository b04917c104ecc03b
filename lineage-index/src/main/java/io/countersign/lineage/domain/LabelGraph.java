package io.countersign.lineage.domain;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
        return recompute(e.target(), labelsAt(e.source()));
    }

    public Map<String, List<Inherited>> removeEdge(String source, String target) {
        Map<String, Edge> out = downstream.get(source);
        if (out == null || out.remove(target) == null) {
            return Map.of();
        }
        upstream.getOrDefault(target, new HashMap<>()).remove(source);
        return recompute(target, labelsAt(source));
    }

    /** Sets the labels declared on {@code dataset} (empty: none). */
    public Map<String, List<Inherited>> declare(String dataset, Set<String> labels) {
        Set<String> affected = new HashSet<>(declared.getOrDefault(dataset, Set.of()));
        affected.addAll(labels);
        if (labels.isEmpty()) {
            declared.remove(dataset);
        } else {
            declared.put(dataset, Set.copyOf(labels));
        }
        return recompute(dataset, affected);
    }

    public List<Inherited> inheritedBy(String dataset) {
        return inherited.getOrDefault(dataset, List.of());
    }

    /** What {@code dataset} can pass on: its declared and inherited labels. */
    private Set<String> labelsAt(String dataset) {
        Set<String> out = new HashSet<>(declared.getOrDefault(dataset, Set.of()));
        inheritedBy(dataset).forEach(i -> out.add(i.label()));
        return out;
    }

    /**
     * Recomputes {@code from} and everything downstream of it along carrying edges (nothing else can
     * change), for the labels the change can add ({@code candidates}) and every label the region holds
     * now (which it can lose); returns what changed. Each label is one multi-source shortest-path pass
     * over the region, seeded from its unchanged surroundings — linear in the region's edges, instead
     * of an upstream walk per dataset.
     */
    private Map<String, List<Inherited>> recompute(String from, Set<String> candidates) {
        Set<String> region = reachable(from);
        Set<String> labels = new TreeSet<>(candidates);
        for (String d : region) {
            inheritedBy(d).forEach(i -> labels.add(i.label()));
        }
        Map<String, Map<String, Inherited>> next = new HashMap<>();
        for (String label : labels) {
            propagate(label, region, next);
        }
        Map<String, List<Inherited>> changed = new LinkedHashMap<>();
        for (String dataset : region) {
            List<Inherited> now;
            if (declared.containsKey(dataset)) {
                // A declaring dataset inherits only from other declarers, never from itself round a cycle.
                now = compute(dataset);
            } else {
                Map<String, Inherited> byLabel = new TreeMap<>();
                inheritedBy(dataset).stream().filter(i -> !labels.contains(i.label())).forEach(i -> byLabel.put(i.label(), i));
                byLabel.putAll(next.getOrDefault(dataset, Map.of()));
                now = List.copyOf(byLabel.values());
            }
            if (!Objects.equals(now, inheritedBy(dataset))) {
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

    /**
     * Shortest provenance of {@code label} for every dataset of {@code region}: datasets declaring it
     * are sources; the rest start from their best parent outside the region (whose labels this change
     * cannot touch) and improve through the region in distance order. Among equally short paths the
     * one through the earliest-added parent wins, so results do not depend on processing order.
     */
    private void propagate(String label, Set<String> region, Map<String, Map<String, Inherited>> next) {
        Map<String, Integer> dist = new HashMap<>();
        PriorityQueue<Map.Entry<String, Integer>> queue = new PriorityQueue<>(Map.Entry.comparingByValue());
        for (String d : region) {
            int best = declares(d, label) ? 0 : Integer.MAX_VALUE;
            if (best != 0) {
                for (Edge e : upstream.getOrDefault(d, Map.of()).values()) {
                    if (e.carriesLabels() && !region.contains(e.source())) {
                        best = Math.min(best, plusOne(distanceOutside(e.source(), label)));
                    }
                }
            }
            if (best != Integer.MAX_VALUE) {
                dist.put(d, best);
                queue.add(Map.entry(d, best));
            }
        }
        while (!queue.isEmpty()) {
            Map.Entry<String, Integer> top = queue.poll();
            if (!top.getValue().equals(dist.get(top.getKey()))) {
                continue;
            }
            for (Edge e : downstream.getOrDefault(top.getKey(), Map.of()).values()) {
                String c = e.target();
                if (e.carriesLabels() && region.contains(c) && top.getValue() + 1 < dist.getOrDefault(c, Integer.MAX_VALUE)) {
                    dist.put(c, top.getValue() + 1);
                    queue.add(Map.entry(c, top.getValue() + 1));
                }
            }
        }
        List<String> order = new ArrayList<>();
        dist.forEach((d, k) -> {
            if (k > 0) {
                order.add(d);
            }
        });
        order.sort(Comparator.<String>comparingInt(dist::get).thenComparing(Comparator.naturalOrder()));
        for (String d : order) {
            int k = dist.get(d);
            for (Edge e : upstream.getOrDefault(d, Map.of()).values()) {
                String p = e.source();
                int dp = region.contains(p) ? dist.getOrDefault(p, Integer.MAX_VALUE) : distanceOutside(p, label);
                if (!e.carriesLabels() || dp != k - 1) {
                    continue;
                }
                Inherited via = declares(p, label) ? new Inherited(label, List.of(p), List.of())
                        : region.contains(p) ? next.get(p).get(label) : find(p, label);
                List<String> path = new ArrayList<>(via.path());
                path.add(d);
                List<String> jobs = new ArrayList<>(via.via());
                jobs.add(e.job() == null ? "unknown" : e.job());
                next.computeIfAbsent(d, x -> new HashMap<>()).put(label, new Inherited(label, List.copyOf(path), List.copyOf(jobs)));
                break;
            }
        }
    }

    private boolean declares(String dataset, String label) {
        return declared.getOrDefault(dataset, Set.of()).contains(label);
    }

    /** Hops from the nearest declarer of {@code label} to a dataset outside the changed region (0: it declares it). */
    private int distanceOutside(String dataset, String label) {
        if (declares(dataset, label)) {
            return 0;
        }
        Inherited i = find(dataset, label);
        return i == null ? Integer.MAX_VALUE : i.path().size() - 1;
    }

    private Inherited find(String dataset, String label) {
        for (Inherited i : inheritedBy(dataset)) {
            if (i.label().equals(label)) {
                return i;
            }
        }
        return null;
    }

    private static int plusOne(int d) {
        return d == Integer.MAX_VALUE ? d : d + 1;
    }

    /** {@code from} and every dataset downstream of it along edges that carry labels (others cannot change). */
    private Set<String> reachable(String from) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(List.of(from));
        while (!queue.isEmpty()) {
            String d = queue.poll();
            if (seen.add(d)) {
                for (Edge e : downstream.getOrDefault(d, Map.of()).values()) {
                    if (e.carriesLabels()) {
                        queue.add(e.target());
                    }
                }
            }
        }
        return seen;
    }

    /** Breadth-first upstream over carrying edges: the nearest declaring ancestor of each label wins. */
    private List<Inherited> compute(String dataset) {
        Map<String, Inherited> byLabel = new TreeMap<>();
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
