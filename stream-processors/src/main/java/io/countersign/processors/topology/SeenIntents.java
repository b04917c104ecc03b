package io.countersign.processors.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Intent ids already decided, each with when it was first seen and its intent's hash, in a changelogged store
 * that forgets an id after {@link #RETENTION}. Whoever owns a decision keeps one: the gate (exactly-once), or the
 * audit chain for the first-wins gate ({@link FirstDecisions}).
 */
final class SeenIntents {

    /** How long an intent id is remembered; retries come within minutes, so a week is ample. */
    static final Duration RETENTION = Duration.ofDays(7);

    private final KeyValueStore<String, SeenIntent> store;
    private final Clock clock;

    /** Opens the store {@code name} of {@code context} and sweeps it every hour. */
    SeenIntents(ProcessorContext<?, ?> context, String name, Clock clock) {
        this.store = context.getStateStore(name);
        this.clock = clock;
        context.schedule(Duration.ofHours(1), PunctuationType.WALL_CLOCK_TIME, now -> forgetOlderThan(now - RETENTION.toMillis()));
    }

    static StoreBuilder<KeyValueStore<String, SeenIntent>> storeBuilder(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), SeenIntent.SERDE);
    }

    /**
     * Whether {@code intentId} is new, remembering it if so. An id seen before with the same hash is a re-send (false);
     * with another hash it names two intents, which is refused.
     */
    boolean firstTime(String intentId, String hash) {
        SeenIntent before = store.get(intentId);
        if (before == null) {
            store.put(intentId, new SeenIntent(clock.millis(), hash));
            return true;
        }
        if (!before.intentHash().equals(hash)) {
            throw new IllegalArgumentException("intent id " + intentId + " was already used for a different intent;"
                    + " an id (or idempotency key) must name one intent");
        }
        return false;
    }

    private void forgetOlderThan(long cutoff) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, SeenIntent> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.seenAtMillis() < cutoff) {
                    old.add(kv.key);
                }
            });
        }
        old.forEach(store::delete);
    }

    /**
     * A decided intent id: when it was first seen and its intent's hash. Stored as the text
     * {@code <millis>:<hash>} (the hash is hex, so the first colon separates the two).
     */
    record SeenIntent(long seenAtMillis, String intentHash) {
        static final Serde<SeenIntent> SERDE = TextSerde.of(s -> s.seenAtMillis() + ":" + s.intentHash(), text -> {
            int colon = text.indexOf(':');
            return new SeenIntent(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
        });
    }
}
