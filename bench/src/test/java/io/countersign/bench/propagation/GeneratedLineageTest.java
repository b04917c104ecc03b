package io.countersign.bench.propagation;

import io.countersign.lineage.domain.LabelGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The generator behind {@code bench propagation}, and its check against LabelGraph on a small graph. No timings. */
class GeneratedLineageTest {

    @ParameterizedTest
    @CsvSource({"1000, 10", "1000, 3", "25, 10", "5000, 1"})
    void hasTheRequestedDatasetsAndLongestPath(int datasets, int depth) {
        GeneratedLineage lineage = GeneratedLineage.generate(datasets, depth, 1);

        List<String> all = lineage.datasets();
        assertThat(all).hasSize(datasets).doesNotHaveDuplicates();
        assertThat(longestPath(lineage.edges())).isEqualTo(depth);
        assertThat(lineage.depth()).isEqualTo(depth);
        Set<String> derived = new HashSet<>();
        lineage.edges().forEach(e -> derived.add(e.target()));
        assertThat(derived).as("every dataset outside the sources derives from something").hasSize(datasets - lineage.layer(0).size());
    }

    @Test
    void isDeterministicForASeed() {
        assertThat(GeneratedLineage.generate(1000, 10, 7).edges()).isEqualTo(GeneratedLineage.generate(1000, 10, 7).edges());
        assertThat(GeneratedLineage.generate(1000, 10, 7).edges()).isNotEqualTo(GeneratedLineage.generate(1000, 10, 8).edges());
    }

    @Test
    void someEdgesStopLabels() {
        GeneratedLineage lineage = GeneratedLineage.generate(10_000, 10, 1);
        assertThat(lineage.stoppingEdges()).isPositive().isLessThan(lineage.edges().size() / 20);
    }

    @Test
    void labelGraphReachesWhatTheBreadthFirstBaselineReaches() {
        GeneratedLineage lineage = GeneratedLineage.generate(1000, 10, 3);
        LabelGraph graph = new LabelGraph();
        lineage.edges().forEach(graph::edge);
        String root = lineage.layer(0).get(0);
        Set<String> expected = new HashSet<>(GeneratedLineage.reach(lineage.carryingAdjacency(), List.of(root)));
        expected.remove(root);

        Map<String, List<LabelGraph.Inherited>> changed = graph.declare(root, Set.of(PropagationBench.LABEL));

        assertThat(changed.keySet()).isEqualTo(expected);
        assertThat(PropagationBench.inheriting(graph, lineage.datasets())).isEqualTo(expected);
        assertThat(expected.size()).as("one source's downstream is most of the graph").isGreaterThan(500);
        Set<String> everything = GeneratedLineage.reach(lineage.adjacency(), List.of(root));
        assertThat(everything).as("masking edges cut some datasets off the label").hasSizeGreaterThan(expected.size() + 1);

        assertThat(graph.declare(root, Set.of()).keySet()).isEqualTo(expected);
        assertThat(PropagationBench.inheriting(graph, lineage.datasets())).isEmpty();
    }

    /** Longest path in hops, from the edges alone (not the generator's layers): memoised depth of each dataset over its parents. */
    private static int longestPath(List<LabelGraph.Edge> edges) {
        Map<String, Integer> hops = new HashMap<>();
        Map<String, List<String>> upstream = new HashMap<>();
        edges.forEach(e -> upstream.computeIfAbsent(e.target(), k -> new ArrayList<>()).add(e.source()));
        int longest = 0;
        for (String d : upstream.keySet()) {
            longest = Math.max(longest, depthOf(d, upstream, hops));
        }
        return longest;
    }

    private static int depthOf(String dataset, Map<String, List<String>> upstream, Map<String, Integer> memo) {
        Integer known = memo.get(dataset);
        if (known != null) {
            return known;
        }
        int deepest = 0;
        for (String parent : upstream.getOrDefault(dataset, List.of())) {
            deepest = Math.max(deepest, depthOf(parent, upstream, memo) + 1);
        }
        memo.put(dataset, deepest);
        return deepest;
    }
}
