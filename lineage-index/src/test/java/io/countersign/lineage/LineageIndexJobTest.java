package io.countersign.lineage;

import io.countersign.lineage.domain.AuditDocuments;
import io.countersign.lineage.domain.ExecutionEdge;
import io.countersign.lineage.domain.GraphChange;
import io.countersign.lineage.domain.IndexOp;
import io.countersign.lineage.domain.InheritedLabels;
import io.countersign.lineage.domain.IntentEvent;
import io.countersign.lineage.domain.Origin;
import io.countersign.lineage.testing.CollectingSink;
import io.countersign.lineage.testing.InMemorySource;
import io.countersign.lineage.testing.LateUse;
import io.countersign.schema.AgentRef;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.IntentSummary;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole job ({@link LineageIndexJob#build(StreamExecutionEnvironment, LineageIndexJob.Sources, LineageIndexJob.Sinks)})
 * on a local MiniCluster with bounded in-memory sources and collecting sinks, as flink-training's
 * {@code RideCleansingIntegrationTest} does (the local environment starts the MiniCluster itself, so
 * no Flink test-utils or JUnit 4 rule is needed): no Kafka, no OpenSearch. A label declared on A reaches B
 * and C two hops down; audit documents from the index source reach the index sink; an intent's audit
 * events become an hourly rollup, the dataset's counters and execution lineage; a use too late for its
 * hour becomes a failed write that names the window, for the dead-letter topic.
 */
class LineageIndexJobTest {

    private static final Instant AT = Instant.parse("2026-11-30T10:15:00Z");
    private static final String A = "pg://crm/customers";
    private static final String B = "s3://lake/customers";
    private static final String C = "s3://lake/churn";
    private static final String D = "s3://exports/customers";

    private final CollectingSink<IndexOp> index = new CollectingSink<>();
    private final CollectingSink<InheritedLabels> inherited = new CollectingSink<>();
    private final CollectingSink<ExecutionEdge> executionEdges = new CollectingSink<>();

    @Test
    void labelsPropagateTwoHopsAndAuditEventsBecomeDocumentsUsageAndLineage() throws Exception {
        long t = AT.toEpochMilli();
        run(100, AuditDocuments.of(received("i-1"), Origin.kafka("countersign.audit", 0, 41)),
                List.of(GraphChange.declared(A, List.of("PII")), GraphChange.edge(A, B, "dbt/copy", true), GraphChange.edge(B, C, "dbt/churn", true)),
                List.of(IntentEvent.received("i-1", t, "agent:x", "db.export", new String[]{A}, false),
                        IntentEvent.verdict("i-1", t + 10, "ALLOWED"),
                        IntentEvent.execution("i-1", t + 20, "SUCCEEDED", new String[]{D})));

        InheritedLabels atC = last(inherited.received(), C);
        assertThat(atC.labels).containsExactly("PII");
        assertThat(atC.paths).containsExactly(List.of(A, B, C));
        assertThat(atC.vias).containsExactly(List.of("dbt/copy", "dbt/churn"));
        assertThat(last(inherited.received(), B).paths).containsExactly(List.of(A, B));

        List<IndexOp> written = index.received();
        assertThat(written).noneMatch(IndexOp::isFailure);
        IndexOp audit = only(written, "countersign-audit", "i-1");
        assertThat(audit.json).contains("\"agent\":\"agent:x\"", "\"action\":\"db.export\"");
        assertThat(audit.origin).isEqualTo(Origin.kafka("countersign.audit", 0, 41));
        assertThat(only(written, "countersign-audit-events", "2-7").json).contains("\"offset\":41");
        assertThat(written).filteredOn(op -> op.index.equals("countersign-usage")).singleElement()
                .satisfies(op -> assertThat(op.json).contains("\"dataset\":\"" + A + "\"", "\"agent\":\"agent:x\"", "\"total\":1", "\"exports\":1"));
        assertThat(only(written, "countersign-datasets", A).json).contains("\"usage\"", "\"lastAccessedBy\":\"agent:x\"");

        assertThat(executionEdges.received()).singleElement().satisfies(e -> {
            assertThat(List.of(e.source, e.target, e.job, e.intentId)).containsExactly(A, D, "db.export", "i-1");
        });
    }

    @Test
    void aUseMoreThanTwoDaysLateBecomesAFailedWriteNamingTheHourlyWindow() throws Exception {
        run(LateUse.PER_SECOND, AuditDocuments.of(received("i-0"), Origin.kafka("countersign.audit", 0, 1)),
                List.of(GraphChange.declared(A, List.of())),
                LateUse.among("r", A, System.currentTimeMillis()));

        List<IndexOp> written = index.received();
        assertThat(written).filteredOn(IndexOp::isFailure).singleElement().satisfies(op -> {
            assertThat(op.stage).isEqualTo(IndexOp.PROCESS);
            assertThat(op.origin).isEqualTo(Origin.derived("usage-hourly-window"));
            assertThat(op.failure).contains("agent:late-r", "more than 2 days behind the watermark");
        });
        assertThat(written).filteredOn(op -> "countersign-usage".equals(op.index)).extracting(op -> op.json)
                .anyMatch(json -> json.contains("agent:after-r")).noneMatch(json -> json.contains("agent:late-r"));
        assertThat(only(written, "countersign-datasets", A).json).as("the counters still count it").contains("\"total\":5");
    }

    @Test
    void anIndexWriteIsAFlinkPojoAllTheWayDown() {
        PojoTypeInfo<IndexOp> type = (PojoTypeInfo<IndexOp>) TypeInformation.of(IndexOp.class);
        assertThat(type.getTypeAt("origin")).as("no Kryo for the origin").isInstanceOf(PojoTypeInfo.class);
    }

    private void run(double perSecond, List<IndexOp> documents, List<GraphChange> graph, List<IntentEvent> intents) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        LineageIndexJob.build(env, new LineageIndexJob.Sources(InMemorySource.of(IndexOp.class, perSecond, documents),
                        InMemorySource.of(GraphChange.class, perSecond, graph), InMemorySource.of(IntentEvent.class, perSecond, intents)),
                new LineageIndexJob.Sinks(index, inherited, executionEdges));
        env.execute("lineage-index-test");
    }

    private static AuditRecord received(String intentId) {
        IntentSummary s = IntentSummary.newBuilder().setIntentId(intentId).setOccurredAt(AT)
                .setAgent(AgentRef.newBuilder().setId("agent:x").build()).setPrincipal("user:alice@example.com")
                .setDelegationChain(List.of("user:alice@example.com", "agent:x")).setAction("db.export").setTargets(List.of(A))
                .setEnvironment("prod").setMaskedParameters(Map.of()).build();
        return AuditRecord.newBuilder().setIntentId(intentId).setEventType(AuditEventType.RECEIVED).setOccurredAt(AT).setActor("countersign")
                .setEvent(s).setChainPartition(2).setSequence(7).setPrevHash("0".repeat(64)).setHash("a".repeat(64)).build();
    }

    private static InheritedLabels last(List<InheritedLabels> all, String dataset) {
        List<InheritedLabels> mine = new ArrayList<>(all.stream().filter(l -> l.dataset.equals(dataset)).toList());
        assertThat(mine).as("inherited labels of " + dataset).isNotEmpty();
        return mine.get(mine.size() - 1);
    }

    private static IndexOp only(List<IndexOp> written, String indexName, String id) {
        List<IndexOp> matching = written.stream().filter(op -> indexName.equals(op.index) && id.equals(op.id)).toList();
        assertThat(matching).as(indexName + "/" + id).isNotEmpty();
        return matching.get(matching.size() - 1);
    }
}
