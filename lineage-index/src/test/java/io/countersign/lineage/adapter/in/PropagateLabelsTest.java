package io.countersign.lineage.adapter.in;

import io.countersign.lineage.domain.GraphChange;
import io.countersign.lineage.domain.InheritedLabels;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The propagation operator in Flink's operator test harness: what it emits for a chain, a diamond, a
 * cycle, a masking edge and a retraction — and that its graph, kept in memory and written to operator
 * state on checkpoints, carries on after a restore as if nothing happened.
 */
class PropagateLabelsTest {

    private OneInputStreamOperatorTestHarness<GraphChange, InheritedLabels> harness;

    @BeforeEach
    void open() throws Exception {
        harness = create();
        harness.open();
    }

    private static OneInputStreamOperatorTestHarness<GraphChange, InheritedLabels> create() throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new PropagateLabels()));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void chain() throws Exception {
        edge("a", "b", true);
        edge("b", "c", true);
        declare("a", "PII");
        Map<String, InheritedLabels> out = latest();
        assertThat(out.get("c").labels).containsExactly("PII");
        assertThat(out.get("c").paths).containsExactly(List.of("a", "b", "c"));
        assertThat(out.get("c").vias).containsExactly(List.of("job:a>b", "job:b>c"));
        assertThat(out.get("b").paths).containsExactly(List.of("a", "b"));
    }

    @Test
    void diamondInheritsOnceByTheShortestPath() throws Exception {
        edge("a", "b", true);
        edge("b", "d", true);
        edge("a", "c", true);
        edge("c", "x", true);
        edge("x", "d", true);
        declare("a", "PHI");
        InheritedLabels d = latest().get("d");
        assertThat(d.labels).containsExactly("PHI");
        assertThat(d.paths).containsExactly(List.of("a", "b", "d"));
    }

    @Test
    void cycleTerminatesAndEveryMemberInherits() throws Exception {
        edge("a", "b", true);
        edge("b", "c", true);
        edge("c", "a", true);
        declare("b", "SECRET");
        Map<String, InheritedLabels> out = latest();
        assertThat(out.get("c").labels).containsExactly("SECRET");
        assertThat(out.get("a").paths).containsExactly(List.of("b", "c", "a"));
        assertThat(out).doesNotContainKey("b");
    }

    @Test
    void maskingEdgeStopsTheLabel() throws Exception {
        edge("a", "masked", false);
        edge("masked", "report", true);
        edge("a", "raw", true);
        declare("a", "PII");
        Map<String, InheritedLabels> out = latest();
        assertThat(out.get("raw").labels).containsExactly("PII");
        assertThat(out).doesNotContainKeys("masked", "report");
    }

    @Test
    void retractionEmitsEmptyLabelsDownstream() throws Exception {
        edge("a", "b", true);
        edge("b", "c", true);
        declare("a", "PII");
        harness.getOutput().clear();
        declare("a");
        Map<String, InheritedLabels> out = latest();
        assertThat(out.keySet()).containsExactlyInAnyOrder("b", "c");
        assertThat(out.get("c").labels).isEmpty();
    }

    @Test
    void theGraphSurvivesASnapshotAndRestore() throws Exception {
        edge("a", "b", true);
        declare("a", "PII");
        var snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = create();
        harness.initializeState(snapshot);
        harness.open();
        edge("b", "c", true);
        assertThat(latest().get("c").paths).containsExactly(List.of("a", "b", "c"));
        declare("a");
        assertThat(latest().get("c").labels).as("retracted through the edge added before the restore").isEmpty();
    }

    private void edge(String from, String to, boolean carriesLabels) throws Exception {
        harness.processElement(new StreamRecord<>(GraphChange.edge(from, to, "job:" + from + ">" + to, carriesLabels)));
    }

    private void declare(String dataset, String... labels) throws Exception {
        harness.processElement(new StreamRecord<>(GraphChange.declared(dataset, List.of(labels))));
    }

    /** The last emission per dataset: what the compacted inherited-labels topic ends up holding. */
    private Map<String, InheritedLabels> latest() {
        Map<String, InheritedLabels> out = new LinkedHashMap<>();
        harness.extractOutputValues().forEach(l -> out.put(l.dataset, l));
        return out;
    }
}
