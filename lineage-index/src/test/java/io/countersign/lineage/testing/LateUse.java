package io.countersign.lineage.testing;

import io.countersign.lineage.domain.IntentEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The intents' audit events of a use three days late among on-time ones, for the intents source: three
 * reads of {@code dataset} by {@code agent:early-<run>} now, one by {@code agent:late-<run>} decided three
 * days ago, one by {@code agent:after-<run>} now. Paced at four a second, the late use comes at least
 * 750 ms after the first on-time one, even when the source's rate limiter releases its first second's
 * worth at once: the watermark (every 200 ms) has passed the late use's hour plus two days by then.
 */
public final class LateUse {

    public static final double PER_SECOND = 4;

    private LateUse() {
    }

    public static List<IntentEvent> among(String run, String dataset, long now) {
        long late = now - Duration.ofDays(3).toMillis();
        List<IntentEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            read(events, "on-time-" + i + "-" + run, now, "agent:early-" + run, dataset);
        }
        read(events, "late-" + run, late, "agent:late-" + run, dataset);
        read(events, "after-" + run, now, "agent:after-" + run, dataset);
        return events;
    }

    private static void read(List<IntentEvent> into, String intentId, long at, String agent, String dataset) {
        into.add(IntentEvent.received(intentId, at, agent, "db.read", new String[]{dataset}, false));
        into.add(IntentEvent.verdict(intentId, at, "ALLOWED"));
    }
}
