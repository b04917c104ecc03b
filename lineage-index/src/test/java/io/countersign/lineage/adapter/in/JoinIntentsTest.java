package io.countersign.lineage.adapter.in;

import io.countersign.lineage.domain.DatasetUse;
import io.countersign.lineage.domain.IntentEvent;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** Joining an intent's received, verdict and execution events in Flink's keyed operator test harness. */
class JoinIntentsTest {

    private KeyedOneInputStreamOperatorTestHarness<String, IntentEvent, DatasetUse> harness;

    @BeforeEach
    void open() throws Exception {
        harness = create();
        harness.open();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, IntentEvent, DatasetUse> create() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new JoinIntents()), e -> e.intentId, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aDecidedIntentIsOneUsePerTargetInEitherOrderAndOnlyOnce() throws Exception {
        add(IntentEvent.received("i1", 1_000, "agent:a", "db.export", new String[] {"pg://a", "pg://b"}, false));
        add(IntentEvent.verdict("i1", 2_000, "DENIED"));
        add(IntentEvent.verdict("i2", 3_000, "ALLOWED"));
        add(IntentEvent.received("i2", 2_500, "agent:b", "db.read", new String[] {"pg://c"}, true));
        // Replays of records already joined add nothing.
        add(IntentEvent.received("i1", 1_000, "agent:a", "db.export", new String[] {"pg://a", "pg://b"}, false));
        add(IntentEvent.verdict("i2", 3_000, "ALLOWED"));

        assertThat(harness.extractOutputValues()).extracting(u -> u.dataset, u -> u.agent, u -> u.kind, u -> u.outcome, u -> u.at)
                .containsExactly(tuple("pg://a", "agent:a", DatasetUse.EXPORT, "DENIED", 2_000L), tuple("pg://b", "agent:a", DatasetUse.EXPORT, "DENIED", 2_000L),
                        tuple("pg://c", "agent:b", DatasetUse.EXPORT, "ALLOWED", 3_000L));
    }

    @Test
    void aSuccessfulExecutionLinksEveryTargetToEveryOutput() throws Exception {
        add(IntentEvent.received("i1", 1_000, "agent:a", "etl.transform", new String[] {"pg://a", "pg://b"}, false));
        add(IntentEvent.verdict("i1", 2_000, "ALLOWED"));
        add(IntentEvent.execution("i1", 3_000, "SUCCEEDED", new String[] {"s3://out", "pg://a"}));
        add(IntentEvent.execution("i2", 3_000, "SUCCEEDED", new String[] {"s3://unknown"}));
        add(IntentEvent.received("i3", 1_000, "agent:a", "etl.transform", new String[] {"pg://x"}, false));
        add(IntentEvent.execution("i3", 3_000, "FAILED", new String[] {"s3://half"}));

        assertThat(harness.getSideOutput(JoinIntents.EXECUTION_EDGES)).extracting(StreamRecord::getValue)
                .extracting(e -> e.source, e -> e.target, e -> e.job, e -> e.intentId)
                .containsExactly(tuple("pg://a", "s3://out", "etl.transform", "i1"), tuple("pg://b", "s3://out", "etl.transform", "i1"),
                        tuple("pg://b", "pg://a", "etl.transform", "i1"));
    }

    @Test
    void theHalfOfAJoinSurvivesASnapshotAndRestore() throws Exception {
        add(IntentEvent.received("i1", 1_000, "agent:a", "db.read", new String[] {"pg://a"}, false));
        var snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = create();
        harness.initializeState(snapshot);
        harness.open();
        add(IntentEvent.verdict("i1", 2_000, "ALLOWED"));
        assertThat(harness.extractOutputValues()).extracting(u -> u.dataset, u -> u.kind).containsExactly(tuple("pg://a", DatasetUse.READ));
    }

    private void add(IntentEvent e) throws Exception {
        harness.processElement(new StreamRecord<>(e, e.at));
    }
}
