package io.countersign.lineage;

import io.countersign.contracts.topics.Topics;
import io.countersign.lineage.adapter.in.DatasetUsageCounters;
import io.countersign.lineage.adapter.in.GraphChangeSchema;
import io.countersign.lineage.adapter.in.HourlyUsage;
import io.countersign.lineage.adapter.in.IndexedTopicsSchema;
import io.countersign.lineage.adapter.in.IntentEventsSchema;
import io.countersign.lineage.adapter.in.JoinIntents;
import io.countersign.lineage.adapter.in.PropagateLabels;
import io.countersign.lineage.adapter.out.ExecutionEdgeSerializer;
import io.countersign.lineage.adapter.out.IndexSetup;
import io.countersign.lineage.adapter.out.InheritedLabelsSerializer;
import io.countersign.lineage.adapter.out.OpenSearchSink;
import io.countersign.lineage.domain.DatasetUse;
import io.countersign.lineage.domain.ExecutionEdge;
import io.countersign.lineage.domain.GraphChange;
import io.countersign.lineage.domain.IndexOp;
import io.countersign.lineage.domain.InheritedLabels;
import io.countersign.lineage.domain.IntentEvent;
import io.countersign.lineage.domain.UsageDocuments;
import io.countersign.search.OpenSearchClients;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.util.HashMap;
import java.util.Map;

/**
 * The lineage-index Flink job: reads {@code countersign.audit} and upserts one document per intent
 * into OpenSearch's {@code countersign-audit} (and every chained record into
 * {@code countersign-audit-events}), {@code countersign.lineage} into {@code countersign-lineage-edges},
 * and both labels topics into {@code countersign-datasets}; propagates declared labels along lineage
 * into {@code countersign.labels.inherited} (which the decision pipeline classifies against); rolls up
 * usage per dataset × agent × hour into {@code countersign-usage} and per dataset into its document;
 * and writes lineage observed from successful executions to {@code countersign.lineage}. What
 * cannot be read or indexed, and uses too late for their hourly rollup, go to
 * {@code countersign.dead-letters}. The same job runs in a MiniCluster inside {@code countersign up}
 * and on a Flink cluster ({@code countersign lineage-index submit} or {@code flink run}). Its sources
 * and sinks are the arguments of {@link #build}, so a test can run the whole job on in-memory ones
 * ({@code LineageIndexJobTest}).
 *
 * <pre>
 * flink run countersign-lineage-index.jar --bootstrap kafka:9092 --registry http://registry:8081 \
 *     --opensearch http://opensearch:9200 [--checkpoint-ms 5000]
 * </pre>
 */
public final class LineageIndexJob {

    public static final String NAME = "countersign-lineage-index";

    private LineageIndexJob() {
    }

    /** What the whole job reads: audit, lineage and labels for the index; the graph changes; the intents' audit events. */
    public record Sources(Source<IndexOp, ?, ?> index, Source<GraphChange, ?, ?> graph, Source<IntentEvent, ?, ?> intents) {

        /** The Kafka topics, each source with its own consumer group under {@code groupPrefix}. */
        public static Sources kafka(String bootstrap, String registryUrl, String groupPrefix) {
            return new Sources(auditSource(bootstrap, registryUrl, groupPrefix), graphSource(bootstrap, registryUrl, groupPrefix + "-graph"),
                    intentSource(bootstrap, registryUrl, groupPrefix + "-intents"));
        }
    }

    /** What the whole job writes: index documents, inherited labels, lineage observed from executions. */
    public record Sinks(Sink<IndexOp> index, Sink<InheritedLabels> inheritedLabels, Sink<ExecutionEdge> executionEdges) {

        /** OpenSearch at {@code openSearchUrl} (dead letters to Kafka) and the Kafka topics. */
        public static Sinks of(String openSearchUrl, String bootstrap, String registryUrl) {
            return new Sinks(new OpenSearchSink(openSearchUrl, bootstrap, registryUrl), inheritedSink(bootstrap, registryUrl),
                    KafkaSink.<ExecutionEdge>builder().setBootstrapServers(bootstrap).setRecordSerializer(new ExecutionEdgeSerializer(registryUrl))
                            .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE).build());
        }
    }

    /**
     * The whole job: the index; label propagation from lineage and declared labels to inherited labels;
     * usage (hourly rollups per dataset × agent, and each dataset's counters) and lineage from successful
     * executions, both from the intents' audit events.
     */
    public static void build(StreamExecutionEnvironment env, Sources in, Sinks out) {
        DataStream<IndexOp> documents = env.fromSource(in.index(), WatermarkStrategy.noWatermarks(), "audit-source").uid("audit-source");
        // One graph, one task: propagation needs every edge and label in the same place.
        env.fromSource(in.graph(), WatermarkStrategy.noWatermarks(), "graph-source").uid("graph-source").setParallelism(1)
                .process(new PropagateLabels()).name("propagate-labels").uid("propagate-labels").setParallelism(1)
                .sinkTo(out.inheritedLabels()).name("labels-inherited").uid("labels-inherited").setParallelism(1);
        SingleOutputStreamOperator<DatasetUse> uses = env.fromSource(in.intents(), WatermarkStrategy.noWatermarks(), "intents-source")
                .uid("intents-source")
                .keyBy(e -> e.intentId)
                .process(new JoinIntents()).name("join-intents").uid("join-intents");
        uses.getSideOutput(JoinIntents.EXECUTION_EDGES).sinkTo(out.executionEdges()).name("lineage-from-executions")
                .uid("lineage-from-executions");
        DataStream<IndexOp> counters = uses.keyBy(u -> u.dataset).process(new DatasetUsageCounters())
                .name(UsageDocuments.DATASET_COUNTERS).uid(UsageDocuments.DATASET_COUNTERS);
        documents.union(HourlyUsage.rollups(uses), counters)
                .sinkTo(out.index()).name("opensearch-index").uid("opensearch-index");
    }

    /** The intents' received, verdict and execution events from {@code countersign.audit}, committed only. */
    private static KafkaSource<IntentEvent> intentSource(String bootstrap, String registryUrl, String groupId) {
        return KafkaSource.<IntentEvent>builder().setBootstrapServers(bootstrap).setTopics(Topics.AUDIT.name()).setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new IntentEventsSchema(registryUrl))
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed").build();
    }

    /** Lineage edges and declared labels from the beginning: the graph is rebuilt when no checkpoint holds it. */
    private static KafkaSource<GraphChange> graphSource(String bootstrap, String registryUrl, String groupId) {
        return KafkaSource.<GraphChange>builder().setBootstrapServers(bootstrap).setTopics(GraphChangeSchema.TOPICS).setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.earliest()).setDeserializer(new GraphChangeSchema(registryUrl))
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed").build();
    }

    /** Inherited labels to the compacted {@code countersign.labels.inherited}, at least once (later writes win per key). */
    private static KafkaSink<InheritedLabels> inheritedSink(String bootstrap, String registryUrl) {
        return KafkaSink.<InheritedLabels>builder().setBootstrapServers(bootstrap)
                .setRecordSerializer(new InheritedLabelsSerializer(registryUrl)).setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE).build();
    }

    /**
     * The audit, lineage and labels topics, committed transactions only, resuming from the group's
     * offsets (earliest the first time).
     */
    private static KafkaSource<IndexOp> auditSource(String bootstrap, String registryUrl, String groupId) {
        return KafkaSource.<IndexOp>builder().setBootstrapServers(bootstrap).setTopics(IndexedTopicsSchema.TOPICS).setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new IndexedTopicsSchema(registryUrl))
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed").build();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = args(args);
        String bootstrap = required(a, "bootstrap");
        String registry = required(a, "registry");
        String openSearch = required(a, "opensearch");
        IndexSetup.ensure(OpenSearchClients.create(openSearch));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(Long.parseLong(a.getOrDefault("checkpoint-ms", "5000")));
        build(env, Sources.kafka(bootstrap, registry, NAME), Sinks.of(openSearch, bootstrap, registry));
        env.execute(NAME);
    }

    static Map<String, String> args(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            out.put(args[i].substring(2), args[i + 1]);
        }
        return out;
    }

    private static String required(Map<String, String> a, String name) {
        String v = a.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required; usage: --bootstrap HOST:PORT --registry URL --opensearch URL"
                    + " [--checkpoint-ms N]");
        }
        return v;
    }
}
