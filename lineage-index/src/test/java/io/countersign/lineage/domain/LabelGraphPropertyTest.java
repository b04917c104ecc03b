package io.countersign.lineage.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The incremental propagation against a from-scratch reference after every step of random edits
 * (edges added, replaced by masking ones, removed; labels declared and cleared; cycles allowed):
 * every dataset must hold exactly the labels declared by some other dataset upstream along carrying
 * edges, each with a valid shortest provenance path; and every dataset whose labels changed must be
 * reported.
 */
class LabelGraphPropertyTest {

    private static final List<String> LABELS = List.of("PII", "PHI", "SECRET");

    @Test
    void incrementalPropagationEqualsRecomputingFromScratch() {
        Random random = new Random(20261123);
        for (int round = 0; round < 40; round++) {
            LabelGraph g = new LabelGraph();
            Map<String, Map<String, Boolean>> edges = new HashMap<>();
            Map<String, Set<String>> declared = new HashMap<>();
            Map<String, Map<String, Integer>> before = new HashMap<>();
            int n = 5 + random.nextInt(25);
            for (int step = 0; step < 120; step++) {
                String a = "d" + random.nextInt(n);
                String b = "d" + random.nextInt(n);
                Map<String, List<LabelGraph.Inherited>> changed;
                int op = random.nextInt(10);
                if (op < 5 && !a.equals(b)) {
                    boolean carries = random.nextInt(6) != 0;
                    edges.computeIfAbsent(a, k -> new HashMap<>()).put(b, carries);
                    changed = g.edge(new LabelGraph.Edge(a, b, "job:" + a + ">" + b, carries));
                } else if (op < 7) {
                    changed = g.removeEdge(a, b);
                    edges.getOrDefault(a, new HashMap<>()).remove(b);
                } else {
                    Set<String> labels = new HashSet<>();
                    LABELS.forEach(l -> {
                        if (random.nextInt(3) == 0) {
                            labels.add(l);
                        }
                    });
                    declared.put(a, labels);
                    changed = g.declare(a, labels);
                }
                Map<String, Map<String, Integer>> expected = reference(n, edges, declared);
                for (int i = 0; i < n; i++) {
                    String d = "d" + i;
                    Map<String, Integer> actual = new TreeMap<>();
                    for (LabelGraph.Inherited inh : g.inheritedBy(d)) {
                        actual.put(inh.label(), inh.path().size() - 1);
                        assertValidPath(inh, d, edges, declared);
                    }
                    assertThat(actual).as("round %d step %d dataset %s", round, step, d).isEqualTo(expected.getOrDefault(d, Map.of()));
                    if (!actual.equals(before.getOrDefault(d, Map.of()))) {
                        assertThat(changed).as("round %d step %d: %s changed and is reported", round, step, d).containsKey(d);
                    }
                }
                before = expected;
            }
        }
    }

    private static void assertValidPath(LabelGraph.Inherited inh, String d, Map<String, Map<String, Boolean>> edges,
                                        Map<String, Set<String>> declared) {
        List<String> path = inh.path();
        assertThat(path.get(path.size() - 1)).isEqualTo(d);
        assertThat(path.get(0)).isNotEqualTo(d);
        assertThat(declared.getOrDefault(path.get(0), Set.of())).contains(inh.label());
        assertThat(inh.via()).hasSize(path.size() - 1);
        for (int i = 0; i + 1 < path.size(); i++) {
            assertThat(edges.getOrDefault(path.get(i), Map.of()).get(path.get(i + 1))).as("carrying edge %s", path).isTrue();
        }
    }

    /** For each dataset: label → hops from the nearest other dataset declaring it, upstream over carrying edges. */
    private static Map<String, Map<String, Integer>> reference(int n, Map<String, Map<String, Boolean>> edges, Map<String, Set<String>> declared) {
        Map<String, Map<String, Boolean>> up = new HashMap<>();
        edges.forEach((s, targets) -> targets.forEach((t, carries) -> up.computeIfAbsent(t, k -> new HashMap<>()).put(s, carries)));
        Map<String, Map<String, Integer>> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String d = "d" + i;
            Map<String, Integer> labels = new TreeMap<>();
            Map<String, Integer> depth = new HashMap<>(Map.of(d, 0));
            Deque<String> queue = new ArrayDeque<>(List.of(d));
            while (!queue.isEmpty()) {
                String x = queue.poll();
                for (Map.Entry<String, Boolean> e : up.getOrDefault(x, Map.of()).entrySet()) {
                    if (e.getValue() && !depth.containsKey(e.getKey())) {
                        depth.put(e.getKey(), depth.get(x) + 1);
                        queue.add(e.getKey());
                        for (String l : declared.getOrDefault(e.getKey(), Set.of())) {
                            labels.putIfAbsent(l, depth.get(x) + 1);
                        }
                    }
                }
            }
            if (!labels.isEmpty()) {
                out.put(d, labels);
            }
        }
        return out;
    }
}
