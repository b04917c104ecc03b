package io.countersign.bench.gate;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * An open-loop load: sends at fixed intended times whatever the system under test does, so a stall
 * shows as latency for every request scheduled during it (latency is measured from the intended send
 * time, which corrects for coordinated omission).
 */
public final class OpenLoopLoad {

    private OpenLoopLoad() {
    }

    /**
     * Calls {@code send} with each intended send time (System.nanoTime) at {@code ratePerSecond} for
     * {@code duration}; returns how many were sent.
     */
    static long run(int ratePerSecond, Duration duration, LongConsumer send) {
        long interval = 1_000_000_000L / ratePerSecond;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long n = 0;
        for (long intended = start; intended < end; intended = start + (++n) * interval) {
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send.accept(intended);
        }
        return n;
    }

    /** p50/p99/p99.9 and max in milliseconds. */
    public record Percentiles(long count, double p50, double p99, double p999, double max) {
        static Percentiles of(Histogram h) {
            return new Percentiles(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)),
                    ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }
    }
}
