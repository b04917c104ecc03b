package io.countersign.contracts.topics;

/**
 * How Countersign's topics are replicated: replicas per partition, and {@code min.insync.replicas}, the
 * replicas that must have a write before an {@code acks=all} producer (every Countersign writer, and
 * exactly-once Kafka Streams) is told it succeeded. In production: 3 and 2, so one broker may be down
 * without losing an acknowledged record or stopping writes.
 *
 * @param factor            replicas per partition, at least 1
 * @param minInsyncReplicas at least 1 and at most {@code factor}
 */
public record Replication(short factor, int minInsyncReplicas) {

    public Replication {
        if (factor < 1) {
            throw new IllegalArgumentException("Replication factor must be at least 1, was " + factor);
        }
        if (minInsyncReplicas < 1 || minInsyncReplicas > factor) {
            throw new IllegalArgumentException("min.insync.replicas must be between 1 and the replication factor ("
                    + factor + "), was " + minInsyncReplicas);
        }
    }

    /** One replica: a single broker (the embedded stack, docker-compose). */
    public static final Replication SINGLE = new Replication((short) 1, 1);

    /** What a cluster of {@code brokers} allows: 3 replicas with 2 in sync from three brokers on, fewer below. */
    public static Replication forBrokers(int brokers) {
        short factor = (short) Math.max(1, Math.min(3, brokers));
        return new Replication(factor, Math.max(1, factor - 1));
    }

    /** {@code factor} replicas, {@code factor - 1} of them in sync for a write (at least 1). */
    public static Replication of(short factor) {
        return new Replication(factor, Math.max(1, Math.min(2, factor - 1)));
    }
}
