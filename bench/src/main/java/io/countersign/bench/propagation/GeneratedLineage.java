package io.countersign.bench.propagation;

import io.countersign.lineage.domain.LabelGraph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A generated lineage graph for the label-propagation benchmark: a layered DAG of N datasets whose
 * longest derivation path is exactly {@code depth} hops. Layer 0 holds a few sources (raw tables);
 * the other datasets are spread evenly over layers 1..depth and each derives from 1–3 datasets of
 * the layer above, chosen with a seeded {@link Random}, so the same arguments give the same graph.
 * About one edge in a hundred masks or aggregates ({@code carriesLabels = false}), so propagation has
 * to honour the stop rule. Also the baseline: a plain breadth-first walk over the carrying edges.
 */
public final class GeneratedLineage {

    /** Sources in layer 0: few raw tables feeding everything, so one source's downstream is most of the graph. */
    static final int SOURCES = 10;
    /** Share of edges that mask or aggregate and therefore stop labels. */
    static final double STOPPING = 0.01;

    private final List<List<String>> layers;
    private final List<LabelGraph.Edge> edges;

    private GeneratedLineage(List<List<String>> layers, List<LabelGraph.Edge> edges) {
        this.layers = layers;
        this.edges = edges;
    }

    /** Generates {@code datasets} datasets in {@code depth + 1} layers, reproducibly for {@code seed}. */
    public static GeneratedLineage generate(int datasets, int depth, long seed) {
        if (depth < 1 || datasets < SOURCES + depth) {
            throw new IllegalArgumentException("need depth >= 1 and at least " + (SOURCES + depth) + " datasets, got "
                    + datasets + " at depth " + depth);
        }
        Random random = new Random(seed);
        List<List<String>> layers = new ArrayList<>();
        layers.add(names(0, SOURCES));
        int rest = datasets - SOURCES;
        for (int layer = 1; layer <= depth; layer++) {
            // The remainder goes to the first layers, one each, so the total is exact.
            layers.add(names(layer, rest / depth + (layer <= rest % depth ? 1 : 0)));
        }
        List<LabelGraph.Edge> edges = new ArrayList<>();
        Set<Integer> picked = new LinkedHashSet<>();
        for (int layer = 1; layer <= depth; layer++) {
            List<String> above = layers.get(layer - 1);
            for (String target : layers.get(layer)) {
                int parents = Math.min(1 + random.nextInt(3), above.size());
                picked.clear();
                while (picked.size() < parents) {
                    picked.add(random.nextInt(above.size()));
                }
                for (int p : picked) {
                    boolean carries = random.nextDouble() >= STOPPING;
                    String job = carries ? "job:derive" : random.nextBoolean() ? "job:mask" : "job:aggregate";
                    edges.add(new LabelGraph.Edge(above.get(p), target, job, carries));
                }
            }
        }
        return new GeneratedLineage(Collections.unmodifiableList(layers), Collections.unmodifiableList(edges));
    }

    private static List<String> names(int layer, int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add("ds/L" + layer + "/" + i);
        }
        return Collections.unmodifiableList(names);
    }

    /** Every edge, layer by layer from the sources down (the order the benchmark loads them in). */
    public List<LabelGraph.Edge> edges() {
        return edges;
    }

    /** The datasets of one layer; layer 0 are the sources. */
    public List<String> layer(int layer) {
        return layers.get(layer);
    }

    /** The number of layers below the sources: the longest derivation path, in hops. */
    public int depth() {
        return layers.size() - 1;
    }

    public List<String> datasets() {
        List<String> all = new ArrayList<>();
        layers.forEach(all::addAll);
        return all;
    }

    public long stoppingEdges() {
        return edges.stream().filter(e -> !e.carriesLabels()).count();
    }

    /** Source → targets over the edges that carry labels only: what the baseline walks. */
    public Map<String, List<String>> carryingAdjacency() {
        return adjacency(true);
    }

    /** Source → targets over every edge, masking ones included: LabelGraph recomputes along all of them. */
    public Map<String, List<String>> adjacency() {
        return adjacency(false);
    }

    private Map<String, List<String>> adjacency(boolean carryingOnly) {
        Map<String, List<String>> adjacency = new HashMap<>();
        for (LabelGraph.Edge e : edges) {
            if (e.carriesLabels() || !carryingOnly) {
                adjacency.computeIfAbsent(e.source(), k -> new ArrayList<>(3)).add(e.target());
            }
        }
        return adjacency;
    }

    /**
     * The baseline: every dataset reachable from {@code roots} over {@code adjacency}, roots included.
     * Visiting each reached dataset and edge once is the least any propagation has to do.
     */
    public static Set<String> reach(Map<String, List<String>> adjacency, List<String> roots) {
        Set<String> seen = new HashSet<>(roots);
        Deque<String> queue = new ArrayDeque<>(roots);
        while (!queue.isEmpty()) {
            for (String next : adjacency.getOrDefault(queue.poll(), List.of())) {
                if (seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        return seen;
    }
}
