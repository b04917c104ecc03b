package io.countersign.lineage.adapter.in;

import io.countersign.lineage.domain.GraphChange;
import io.countersign.lineage.domain.InheritedLabels;
import io.countersign.lineage.domain.LabelGraph;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Applies graph changes to the {@link LabelGraph} and emits every dataset whose inherited labels
 * changed. Runs with parallelism 1 (the graph is one connected structure); the graph lives in memory
 * and is written to operator state only on checkpoints, so a change costs a local recomputation, not
 * a state round-trip.
 */
public final class PropagateLabels extends ProcessFunction<GraphChange, InheritedLabels> implements CheckpointedFunction {

    private transient LabelGraph graph;
    private transient ListState<byte[]> checkpointed;

    @Override
    public void processElement(GraphChange change, Context ctx, Collector<InheritedLabels> out) {
        Map<String, List<LabelGraph.Inherited>> changed = "EDGE".equals(change.kind)
                ? graph.edge(new LabelGraph.Edge(change.source, change.target, change.job, change.carriesLabels))
                : graph.declare(change.dataset, new HashSet<>(change.labels));
        changed.forEach((dataset, labels) -> out.collect(InheritedLabels.of(dataset, labels)));
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointed.update(List.of(serialize(graph)));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointed = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("label-graph", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        graph = new LabelGraph();
        for (byte[] bytes : checkpointed.get()) {
            graph = deserialize(bytes);
        }
    }

    private static byte[] serialize(LabelGraph g) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(g);
        }
        return bytes.toByteArray();
    }

    private static LabelGraph deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (LabelGraph) in.readObject();
        }
    }
}
