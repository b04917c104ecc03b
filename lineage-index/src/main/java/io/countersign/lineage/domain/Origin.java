package io.countersign.lineage.domain;

import java.util.Objects;

/**
 * Where an index write came from, so that its dead letter can say so: the coordinates of the Kafka
 * record it was read from ({@link #kafka}), or, for a write the job derives from many records (an
 * hourly rollup, a dataset's usage counters, a use too late for its rollup), the name of the operator
 * that derived it ({@link #derived}), which has no partition or offset ({@code -1}). The three fields
 * are what a {@code DeadLetter} records as {@code sourceTopic}, {@code sourcePartition} and
 * {@code sourceOffset}.
 *
 * <p>A Flink POJO rather than a sealed interface of two records: Flink serializes a POJO field of
 * {@link IndexOp} itself, while a field of an interface type would go through Kryo.
 */
public class Origin {

    /** The Kafka topic, or the name of the operator that derived the write. */
    public String name;
    /** The Kafka partition; -1 for a derived write. */
    public int partition = -1;
    /** The Kafka offset; -1 for a derived write. */
    public long offset = -1;

    public Origin() {
    }

    /** The record at {@code topic}/{@code partition}/{@code offset}. */
    public static Origin kafka(String topic, int partition, long offset) {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("Kafka coordinates are not negative: " + topic + "/" + partition + "/" + offset);
        }
        Origin o = new Origin();
        o.name = Objects.requireNonNull(topic, "topic");
        o.partition = partition;
        o.offset = offset;
        return o;
    }

    /** A write derived by the operator {@code operator} (its uid in the job). */
    public static Origin derived(String operator) {
        Origin o = new Origin();
        o.name = Objects.requireNonNull(operator, "operator");
        return o;
    }

    /** Whether this names one Kafka record (rather than an operator). */
    public boolean isKafkaRecord() {
        return partition >= 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Origin other && Objects.equals(name, other.name) && partition == other.partition && offset == other.offset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, partition, offset);
    }

    @Override
    public String toString() {
        return isKafkaRecord() ? name + "/" + partition + "/" + offset : name;
    }
}
