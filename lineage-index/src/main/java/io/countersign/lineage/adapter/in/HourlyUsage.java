package io.countersign.lineage.adapter.in;

import io.countersign.lineage.domain.DatasetUse;
import io.countersign.lineage.domain.IndexOp;
import io.countersign.lineage.domain.Origin;
import io.countersign.lineage.domain.UsageCounts;
import io.countersign.lineage.domain.UsageDocuments;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.triggers.CountTrigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.time.Instant;

/**
 * Hourly usage rollups: tumbling event-time windows of one hour per dataset × agent over the
 * verdict time of each {@link DatasetUse}, counted by kind, action and outcome into
 * {@code countersign-usage}. The window fires on every use (the document always shows the hour so far:
 * analysts see the current hour, not only finished ones) and its last firing is the complete count.
 * Uses arriving more than {@link #LATENESS} behind the watermark are no longer in any window's state;
 * they go to the dead-letter topic with the reason instead of vanishing.
 */
public final class HourlyUsage {

    static final Duration HOUR = Duration.ofHours(1);
    /** Out-of-order tolerance of the verdict times across audit partitions. */
    static final Duration OUT_OF_ORDER = Duration.ofMinutes(5);
    static final Duration LATENESS = Duration.ofDays(2);
    static final OutputTag<DatasetUse> LATE = new OutputTag<>("late-usage") {
    };

    private HourlyUsage() {
    }

    public static DataStream<IndexOp> rollups(DataStream<DatasetUse> uses) {
        SingleOutputStreamOperator<IndexOp> hourly = window(uses
                .assignTimestampsAndWatermarks(WatermarkStrategy.<DatasetUse>forBoundedOutOfOrderness(OUT_OF_ORDER)
                        .withTimestampAssigner((u, previous) -> u.at).withIdleness(Duration.ofMinutes(1)))
                .name("usage-watermarks").uid("usage-watermarks"));
        DataStream<IndexOp> tooLate = hourly.getSideOutput(LATE)
                .map(u -> IndexOp.failed(IndexOp.PROCESS, "usage of " + u.dataset + " by " + u.agent + " at " + Instant.ofEpochMilli(u.at)
                        + " arrived more than " + LATENESS.toDays() + " days behind the watermark; its hourly rollup is closed"
                        + " (the dataset's usage counters still include it)", Origin.derived(UsageDocuments.HOURLY_WINDOW)))
                .name("usage-too-late").uid("usage-too-late");
        return hourly.union(tooLate);
    }

    /** The window itself, over uses that already carry timestamps; too-late uses on {@link #LATE}. */
    static SingleOutputStreamOperator<IndexOp> window(DataStream<DatasetUse> timestamped) {
        return timestamped
                .keyBy(HourlyUsage::key)
                .window(TumblingEventTimeWindows.of(HOUR))
                .trigger(CountTrigger.of(1))
                .allowedLateness(LATENESS)
                .sideOutputLateData(LATE)
                .aggregate(new Count(), new ToDocument())
                .name(UsageDocuments.HOURLY_WINDOW).uid(UsageDocuments.HOURLY_WINDOW);
    }

    static String key(DatasetUse u) {
        return u.dataset + "\n" + u.agent;
    }

    /** Counts uses incrementally, so a window holds one accumulator, not its elements. */
    static final class Count implements AggregateFunction<DatasetUse, UsageCounts, UsageCounts> {
        @Override
        public UsageCounts createAccumulator() {
            return new UsageCounts();
        }

        @Override
        public UsageCounts add(DatasetUse u, UsageCounts acc) {
            return acc.add(u);
        }

        @Override
        public UsageCounts getResult(UsageCounts acc) {
            return acc;
        }

        @Override
        public UsageCounts merge(UsageCounts a, UsageCounts b) {
            return a.merge(b);
        }
    }

    /** Names the count with its dataset, agent and hour. */
    static final class ToDocument extends ProcessWindowFunction<UsageCounts, IndexOp, String, TimeWindow> {
        @Override
        public void process(String key, Context ctx, Iterable<UsageCounts> counts, Collector<IndexOp> out) {
            int split = key.indexOf('\n');
            UsageCounts c = counts.iterator().next();
            out.collect(UsageDocuments.hourly(key.substring(0, split), key.substring(split + 1), ctx.window().getStart(),
                    ctx.window().getEnd(), c));
        }
    }
}
