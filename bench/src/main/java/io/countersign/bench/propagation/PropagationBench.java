package io.countersign.bench.propagation;

import io.countersign.lineage.domain.LabelGraph;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Label propagation in {@link LabelGraph} over generated lineage ({@link GeneratedLineage}): the time
 * {@code declare} takes to hand a label from one source to everything derived from it (to depth 10
 * in the target case), to retract it, and to add one edge high in the graph; next to a plain
 * breadth-first walk over the same carrying edges from the same source, in the same run (the floor:
 * visiting the downstream once). Every repetition also checks, outside the timed part, that the
 * datasets LabelGraph says inherit the label are exactly the ones the walk reaches.
 */
public final class PropagationBench {

    public static final String LABEL = "PII";
    private static final long SEED = 20_261_123L;
    /** Baseline walks per repetition: each takes milliseconds, so one collection pause would otherwise move its median. */
    private static final int WALKS = 5;

    /** Median and maximum of the measured runs, in milliseconds. */
    public record Timing(double p50Ms, double maxMs) {
        static Timing of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new Timing(sorted[(sorted.length - 1) / 2] / 1e6, sorted[sorted.length - 1] / 1e6);
        }

        long p50Nanos() {
            return Math.round(p50Ms * 1e6);
        }
    }

    /** One graph size's figures; {@code reached} excludes the declaring source itself, which inherits nothing. */
    public record Row(int datasets, int depth, int edges, long stoppingEdges, double loadSeconds, int reached,
                      Timing declare, Timing retract, Timing addEdge, int addEdgeDownstream, int addEdgeChanged, Timing bfs, double ratio) {
    }

    /** LabelGraph and the baseline disagree about who inherits the label: the benchmark's figures would mean nothing. */
    public static final class Mismatch extends RuntimeException {
        Mismatch(String message) {
            super(message);
        }
    }

    private PropagationBench() {
    }

    public static List<Row> run(List<Integer> sizes, int depth, int warmup, int repetitions, PrintWriter progress) {
        List<Row> rows = new ArrayList<>();
        for (int datasets : sizes) {
            rows.add(measure(datasets, depth, warmup, repetitions, progress));
        }
        return rows;
    }

    static Row measure(int datasets, int depth, int warmup, int repetitions, PrintWriter progress) {
        String size = String.format("  %,d datasets:", datasets);
        progress.printf("%s generating depth-%d lineage ...%n", size, depth);
        GeneratedLineage lineage = GeneratedLineage.generate(datasets, depth, SEED);
        Map<String, List<String>> carrying = lineage.carryingAdjacency();
        List<String> all = lineage.datasets();
        List<String> root = List.of(lineage.layer(0).get(0));
        Map<String, List<String>> everyEdge = lineage.adjacency();
        LabelGraph.Edge extra = highEdge(lineage, everyEdge, root.get(0));
        int extraDownstream = GeneratedLineage.reach(everyEdge, List.of(extra.target())).size();

        progress.printf("%s loading %,d edges (%,d masking or aggregating) into LabelGraph ...%n", size, lineage.edges().size(),
                lineage.stoppingEdges());
        LabelGraph graph = new LabelGraph();
        long t0 = System.nanoTime();
        for (LabelGraph.Edge e : lineage.edges()) {
            graph.edge(e);
        }
        double loadSeconds = (System.nanoTime() - t0) / 1e9;

        Set<String> expected = new HashSet<>(GeneratedLineage.reach(carrying, root));
        expected.removeAll(root); // a declared dataset is not counted as inheriting its own label
        Set<String> expectedWithEdge = new HashSet<>(expected);
        expectedWithEdge.addAll(GeneratedLineage.reach(carrying, List.of(extra.target()))); // extra starts at the root
        progress.printf("%s loaded in %.1f s; %s reaches %,d datasets; the added edge %s -> %s has %,d datasets below it;"
                + " %d warm-up + %d measured repetitions%n", size, loadSeconds, root.get(0), expected.size(), extra.source(), extra.target(),
                extraDownstream, warmup, repetitions);

        long[] declare = new long[repetitions];
        long[] retract = new long[repetitions];
        long[] addEdge = new long[repetitions];
        long[] bfs = new long[repetitions * WALKS];
        int addEdgeChanged = 0;
        for (int i = 0; i < warmup + repetitions; i++) {
            long a = System.nanoTime();
            Map<String, List<LabelGraph.Inherited>> changed = graph.declare(root.get(0), Set.of(LABEL));
            long declared = System.nanoTime() - a;
            same("declare: datasets reported changed", changed.keySet(), expected);
            same("declare: datasets inheriting " + LABEL, inheriting(graph, all), expected);

            a = System.nanoTime();
            changed = graph.edge(extra);
            long added = System.nanoTime() - a;
            addEdgeChanged = changed.size();
            same("adding " + extra.source() + " -> " + extra.target(), inheriting(graph, all), expectedWithEdge);
            graph.removeEdge(extra.source(), extra.target()); // not timed: puts the graph back for the retraction
            same("removing " + extra.source() + " -> " + extra.target(), inheriting(graph, all), expected);

            a = System.nanoTime();
            changed = graph.declare(root.get(0), Set.of());
            long retracted = System.nanoTime() - a;
            same("retract: datasets reported changed", changed.keySet(), expected);
            same("retract: datasets inheriting " + LABEL, inheriting(graph, all), Set.of());

            boolean measured = i >= warmup;
            // A walk takes milliseconds, so warm-up runs it more often than LabelGraph's calls, to get it compiled too.
            long[] walks = new long[measured ? WALKS : 10 * WALKS];
            for (int w = 0; w < walks.length; w++) {
                a = System.nanoTime();
                Set<String> reached = GeneratedLineage.reach(carrying, root);
                walks[w] = System.nanoTime() - a;
                if (reached.size() != expected.size() + 1) { // also keeps the walk's result alive
                    throw new Mismatch("the baseline walk reached " + reached.size() + " datasets, expected " + (expected.size() + 1));
                }
            }
            long walked = Timing.of(walks).p50Nanos();
            if (measured) {
                declare[i - warmup] = declared;
                retract[i - warmup] = retracted;
                addEdge[i - warmup] = added;
                System.arraycopy(walks, 0, bfs, (i - warmup) * WALKS, WALKS);
            }
            progress.printf("%s %s %d: declare %.1f ms, add edge %.1f ms (%,d changed), retract %.1f ms, BFS p50 %.2f ms%n", size,
                    measured ? "repetition" : "warm-up", measured ? i - warmup + 1 : i + 1, declared / 1e6, added / 1e6,
                    addEdgeChanged, retracted / 1e6, walked / 1e6);
        }
        Timing declareTiming = Timing.of(declare);
        Timing bfsTiming = Timing.of(bfs);
        return new Row(datasets, lineage.depth(), lineage.edges().size(), lineage.stoppingEdges(), loadSeconds, expected.size(),
                declareTiming, Timing.of(retract), Timing.of(addEdge), extraDownstream, addEdgeChanged, bfsTiming,
                declareTiming.p50Ms() / bfsTiming.p50Ms());
    }

    /**
     * A carrying edge from the declaring source to a first-layer dataset that does not derive from it yet:
     * high in the graph. Of the first candidates, the one with the largest downstream, since LabelGraph
     * recomputes all of it; the first candidate alone may have next to nothing below it.
     */
    static LabelGraph.Edge highEdge(GeneratedLineage lineage, Map<String, List<String>> adjacency, String root) {
        Set<String> children = new HashSet<>(adjacency.getOrDefault(root, List.of()));
        return lineage.layer(1).stream().filter(d -> !children.contains(d)).limit(100)
                .max(Comparator.comparingInt(d -> GeneratedLineage.reach(adjacency, List.of(d)).size())) // keeps the first of equals
                .map(d -> new LabelGraph.Edge(root, d, "job:bench-added", true))
                .orElseThrow(() -> new IllegalArgumentException("every first-layer dataset already derives from " + root));
    }

    /** The datasets LabelGraph says inherit {@link #LABEL}. */
    static Set<String> inheriting(LabelGraph graph, List<String> datasets) {
        Set<String> found = new HashSet<>();
        for (String d : datasets) {
            for (LabelGraph.Inherited i : graph.inheritedBy(d)) {
                if (LABEL.equals(i.label())) {
                    found.add(d);
                }
            }
        }
        return found;
    }

    private static void same(String what, Set<String> labelGraph, Set<String> baseline) {
        if (labelGraph.equals(baseline)) {
            return;
        }
        List<String> missing = baseline.stream().filter(d -> !labelGraph.contains(d)).sorted().toList();
        List<String> unexpected = labelGraph.stream().filter(d -> !baseline.contains(d)).sorted().toList();
        throw new Mismatch(String.format("LabelGraph disagrees with the breadth-first baseline after %s: %d datasets missing %s, "
                + "%d unexpected %s", what, missing.size(), missing.subList(0, Math.min(5, missing.size())), unexpected.size(),
                unexpected.subList(0, Math.min(5, unexpected.size()))));
    }
}
