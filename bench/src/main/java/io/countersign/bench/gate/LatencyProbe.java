package io.countersign.bench.gate;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads an output topic and records, for each record, the time since the intended send time carried
 * in its {@value #HEADER} header (microseconds, in an HdrHistogram). Only records sent after
 * {@link #startMeasuring} count, so warm-up does not pollute the figures.
 */
final class LatencyProbe implements Runnable {

    static final String HEADER = "bench-intended-nanos";

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Histogram histogram = new Histogram(60_000_000L, 3);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile long measureFrom = Long.MAX_VALUE;
    private long received;
    private final CountDownLatch assigned = new CountDownLatch(1);

    LatencyProbe(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        this.consumer = consumer;
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    // Resolve "latest" now: the position is otherwise looked up lazily, after records
                    // sent right after assignment may already be there, and those would never be seen.
                    partitions.forEach(consumer::position);
                    assigned.countDown();
                }
            }
        });
    }

    /** Waits until the probe owns its partitions, so nothing sent after this is missed. */
    boolean awaitAssigned(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until {@code expected} measured records arrived, or the timeout passes (a saturated path may never deliver all). */
    synchronized boolean awaitReceived(long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received < expected) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    static byte[] stamp(long intendedNanos) {
        return ByteBuffer.allocate(8).putLong(intendedNanos).array();
    }

    void startMeasuring(long fromNanos) {
        measureFrom = fromNanos;
    }

    @Override
    public void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    Header h = r.headers().lastHeader(HEADER);
                    if (h == null) {
                        continue;
                    }
                    long intended = ByteBuffer.wrap(h.value()).getLong();
                    long now = System.nanoTime();
                    if (intended >= measureFrom) {
                        synchronized (histogram) {
                            histogram.recordValue(Math.max(0, (now - intended) / 1000));
                        }
                        synchronized (this) {
                            received++;
                            notifyAll();
                        }
                    }
                }
            }
        } finally {
            consumer.close();
        }
    }

    synchronized long received() {
        return received;
    }

    Histogram snapshot() {
        synchronized (histogram) {
            return histogram.copy();
        }
    }

    void stop() {
        running.set(false);
    }
}
