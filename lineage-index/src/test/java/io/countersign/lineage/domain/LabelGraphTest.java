package io.countersign.lineage.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LabelGraphTest {

    private static LabelGraph.Edge edge(String from, String to) {
        return new LabelGraph.Edge(from, to, "job:" + from + ">" + to, true);
    }

    private static List<String> labels(LabelGraph g, String dataset) {
        return g.inheritedBy(dataset).stream().map(LabelGraph.Inherited::label).toList();
    }

    @Test
    void aLabelFlowsDownAChainWithItsPath() {
        LabelGraph g = new LabelGraph();
        g.edge(edge("a", "b"));
        g.edge(edge("b", "c"));
        Map<String, List<LabelGraph.Inherited>> changed = g.declare("a", Set.of("PII"));
        assertThat(changed.keySet()).containsExactlyInAnyOrder("b", "c");
        LabelGraph.Inherited atC = g.inheritedBy("c").get(0);
        assertThat(atC.label()).isEqualTo("PII");
        assertThat(atC.path()).containsExactly("a", "b", "c");
        assertThat(atC.via()).containsExactly("job:a>b", "job:b>c");
        assertThat(g.inheritedBy("a")).as("declared, not inherited").isEmpty();
    }

    @Test
    void aDiamondInheritsOnceByTheShortestPath() {
        LabelGraph g = new LabelGraph();
        g.declare("a", Set.of("PHI"));
        g.edge(edge("a", "b"));
        g.edge(edge("a", "c"));
        g.edge(edge("b", "d"));
        g.edge(edge("c", "x"));
        g.edge(edge("x", "d"));
        assertThat(g.inheritedBy("d")).hasSize(1);
        assertThat(g.inheritedBy("d").get(0).path()).containsExactly("a", "b", "d");
    }

    @Test
    void cyclesTerminateAndStillCarryLabels() {
        LabelGraph g = new LabelGraph();
        g.edge(edge("a", "b"));
        g.edge(edge("b", "c"));
        g.edge(edge("c", "a"));
        g.declare("b", Set.of("SECRET"));
        assertThat(labels(g, "c")).containsExactly("SECRET");
        assertThat(labels(g, "a")).containsExactly("SECRET");
        assertThat(g.inheritedBy("a").get(0).path()).containsExactly("b", "c", "a");
    }

    @Test
    void maskingAndAggregatingEdgesStopLabels() {
        LabelGraph g = new LabelGraph();
        g.declare("raw", Set.of("PII"));
        g.edge(new LabelGraph.Edge("raw", "masked", "mask", false));
        g.edge(edge("masked", "report"));
        g.edge(edge("raw", "copy"));
        assertThat(labels(g, "masked")).isEmpty();
        assertThat(labels(g, "report")).isEmpty();
        assertThat(labels(g, "copy")).containsExactly("PII");
    }

    @Test
    void removingALabelOrAnEdgeRetractsWhatItCarried() {
        LabelGraph g = new LabelGraph();
        g.edge(edge("a", "b"));
        g.edge(edge("b", "c"));
        g.declare("a", Set.of("PII", "FINANCE"));
        Map<String, List<LabelGraph.Inherited>> changed = g.declare("a", Set.of("FINANCE"));
        assertThat(changed.keySet()).containsExactlyInAnyOrder("b", "c");
        assertThat(labels(g, "c")).containsExactly("FINANCE");
        Map<String, List<LabelGraph.Inherited>> cut = g.removeEdge("a", "b");
        assertThat(cut).containsEntry("b", List.of()).containsEntry("c", List.of());
        assertThat(labels(g, "c")).isEmpty();
    }

    @Test
    void anEdgeThatStopsCarryingRetractsToo() {
        LabelGraph g = new LabelGraph();
        g.declare("a", Set.of("PII"));
        g.edge(edge("a", "b"));
        assertThat(labels(g, "b")).containsExactly("PII");
        g.edge(new LabelGraph.Edge("a", "b", "now masked", false));
        assertThat(labels(g, "b")).isEmpty();
    }
}
