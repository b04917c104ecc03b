package io.countersign.lineage.testing;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.functions.FromElementsGeneratorFunction;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;

import java.util.List;

/**
 * Bounded in-memory sources for the job's seams: the given elements in order, at a given pace. The
 * pace matters where event time does: periodic watermarks (every 200 ms) only advance between elements
 * that arrive at least that far apart, so a test that needs a use to be late emits more slowly than that.
 */
public final class InMemorySource {

    private InMemorySource() {
    }

    /** The elements, in order, {@code perSecond} per second; at least one (a generator source of none still asks for one). */
    public static <T> DataGeneratorSource<T> of(Class<T> type, double perSecond, List<T> elements) {
        if (elements.isEmpty()) {
            throw new IllegalArgumentException("an in-memory source needs at least one element");
        }
        TypeInformation<T> info = TypeInformation.of(type);
        return new DataGeneratorSource<>(new FromElementsGeneratorFunction<>(info, new ExecutionConfig(), elements), elements.size(),
                RateLimiterStrategy.perSecond(perSecond), info);
    }
}
