package io.countersign.lineage.adapter.out;

import io.countersign.lineage.domain.ExecutionEdge;
import io.countersign.schema.EdgeOrigin;
import io.countersign.schema.LineageEdge;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Execution lineage as written to {@code countersign.lineage}: the edge id is pinned, so a re-run updates the edge it always did. */
class ExecutionEdgeSerializerTest {

    @Test
    void anExecutionEdgeKeepsItsIdAndSaysItCameFromAnExecution() {
        Instant at = Instant.parse("2026-11-30T10:15:00Z");
        LineageEdge edge = ExecutionEdgeSerializer.edge(ExecutionEdge.of("pg://sales/orders", "s3://exports/orders", "db.export", "i-1",
                at.toEpochMilli()));
        assertThat(edge.getEdgeId()).isEqualTo("7fba60b8053e691ce6021d9c097e178fd458535858a185629d7c6590d3edb52e");
        assertThat(edge.getOrigin()).isEqualTo(EdgeOrigin.EXECUTION);
        assertThat(edge.getTransformation()).isEqualTo("UNKNOWN");
        assertThat(edge.getIntentId()).isEqualTo("i-1");
        assertThat(edge.getObservedAt()).isEqualTo(at);
    }
}
