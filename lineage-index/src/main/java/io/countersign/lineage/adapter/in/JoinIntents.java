package io.countersign.lineage.adapter.in;

import io.countersign.lineage.domain.DatasetUse;
import io.countersign.lineage.domain.ExecutionEdge;
import io.countersign.lineage.domain.IntentEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Duration;

/**
 * Joins an intent's audit events (keyed by intent id): once both the received intent and its verdict
 * are here — in either order — emits one {@link DatasetUse} per target dataset; when a successful
 * execution reports output datasets, emits an {@link ExecutionEdge} from every target to every output
 * on {@link #EXECUTION_EDGES}. Each use is emitted exactly once per intent (state is checkpointed with
 * the source offsets); state expires 7 days after the last event so abandoned intents do not pile up.
 */
public final class JoinIntents extends KeyedProcessFunction<String, IntentEvent, DatasetUse> {

    public static final OutputTag<ExecutionEdge> EXECUTION_EDGES = new OutputTag<>("execution-edges") {
    };
    static final Duration RETENTION = Duration.ofDays(7);

    private transient ValueState<IntentEvent> received;
    private transient ValueState<IntentEvent> verdict;

    @Override
    public void open(OpenContext context) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(RETENTION).build();
        ValueStateDescriptor<IntentEvent> r = new ValueStateDescriptor<>("received", IntentEvent.class);
        r.enableTimeToLive(ttl);
        ValueStateDescriptor<IntentEvent> v = new ValueStateDescriptor<>("verdict", IntentEvent.class);
        v.enableTimeToLive(ttl);
        received = getRuntimeContext().getState(r);
        verdict = getRuntimeContext().getState(v);
    }

    @Override
    public void processElement(IntentEvent e, Context ctx, Collector<DatasetUse> out) throws Exception {
        switch (e.kind) {
            case IntentEvent.RECEIVED -> {
                if (received.value() != null) {
                    return; // a replayed or duplicated record: this intent is already counted
                }
                received.update(e);
                IntentEvent v = verdict.value();
                if (v != null) {
                    uses(e, v, out);
                }
            }
            case IntentEvent.VERDICT -> {
                if (verdict.value() != null) {
                    return;
                }
                verdict.update(e);
                IntentEvent r = received.value();
                if (r != null) {
                    uses(r, e, out);
                }
            }
            case IntentEvent.EXECUTION -> {
                IntentEvent r = received.value();
                if (r != null && "SUCCEEDED".equals(e.status) && e.outputs != null) {
                    for (String source : r.targets) {
                        for (String target : e.outputs) {
                            if (!source.equals(target)) {
                                ctx.output(EXECUTION_EDGES, ExecutionEdge.of(source, target, r.action, e.intentId, e.at));
                            }
                        }
                    }
                }
            }
            default -> {
            }
        }
    }

    private static void uses(IntentEvent r, IntentEvent v, Collector<DatasetUse> out) {
        for (String dataset : r.targets) {
            out.collect(DatasetUse.of(dataset, r.agent, r.action, r.external, v.outcome, v.at));
        }
    }
}
