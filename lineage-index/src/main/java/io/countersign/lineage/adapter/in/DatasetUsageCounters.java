package io.countersign.lineage.adapter.in;

import io.countersign.lineage.domain.DatasetUse;
import io.countersign.lineage.domain.IndexOp;
import io.countersign.lineage.domain.UsageCounts;
import io.countersign.lineage.domain.UsageDocuments;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.Map;

/**
 * A dataset's usage counters (keyed by dataset): reads, exports, writes and denials, in total and by
 * agent, and when it was last accessed and by whom. Counts live in keyed state, checkpointed with the
 * source offsets, so each use is counted once across restarts; every change rewrites the dataset
 * document's {@code usage} part whole, which keeps the write idempotent.
 */
public final class DatasetUsageCounters extends KeyedProcessFunction<String, DatasetUse, IndexOp> {

    private transient MapState<String, UsageCounts> byAgent;

    @Override
    public void open(OpenContext context) {
        byAgent = getRuntimeContext().getMapState(new MapStateDescriptor<>("usage-by-agent", Types.STRING, Types.POJO(UsageCounts.class)));
    }

    @Override
    public void processElement(DatasetUse use, Context ctx, Collector<IndexOp> out) throws Exception {
        UsageCounts mine = byAgent.get(use.agent);
        byAgent.put(use.agent, (mine == null ? new UsageCounts() : mine).add(use));
        Map<String, UsageCounts> all = new HashMap<>();
        for (Map.Entry<String, UsageCounts> e : byAgent.entries()) {
            all.put(e.getKey(), e.getValue());
        }
        out.collect(UsageDocuments.datasetCounters(ctx.getCurrentKey(), all));
    }
}
