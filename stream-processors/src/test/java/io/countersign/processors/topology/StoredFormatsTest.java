package io.countersign.processors.topology;

import io.countersign.audit.AuditHasher;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The typed store values keep the text a running deployment's stores and changelogs already hold:
 * state written before the processors used typed values reads back, and new state is written byte for
 * byte as it was.
 */
class StoredFormatsTest {

    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void aSeenIntentIsStoredAsMillisColonHash() {
        Serde<SeenIntents.SeenIntent> serde = SeenIntents.SeenIntent.SERDE;
        byte[] stored = ("1700000000000:" + HASH).getBytes(StandardCharsets.UTF_8);

        SeenIntents.SeenIntent read = serde.deserializer().deserialize("t", stored);

        assertThat(read).isEqualTo(new SeenIntents.SeenIntent(1_700_000_000_000L, HASH));
        assertThat(serde.serializer().serialize("t", read)).isEqualTo(stored);
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void chainHeadsReadAndWriteSequenceBarHashAndTheSignedSequence() {
        KeyValueStore<String, String> store = textStore("heads");
        ChainHeads heads = new ChainHeads(store);
        // As a deployment's store holds them: chain 0 signed up to its head, chain 1 moved since.
        store.put("0", "41|" + HASH);
        store.put("0/signed", "41");
        store.put("1", "7|abc");

        assertThat(heads.head(0)).isEqualTo(new ChainHeads.Head(41, HASH));
        assertThat(heads.head(5)).isEqualTo(new ChainHeads.Head(-1, AuditHasher.GENESIS));
        assertThat(heads.unsigned()).containsExactly(new ChainHeads.Unsigned(1, new ChainHeads.Head(7, "abc")));

        heads.advance(0, new ChainHeads.Head(42, "def"));
        heads.signed(1, 7);

        assertThat(store.get("0")).isEqualTo("42|def");
        assertThat(store.get("1/signed")).isEqualTo("7");
        assertThat(heads.unsigned()).containsExactly(new ChainHeads.Unsigned(0, new ChainHeads.Head(42, "def")));
    }

    @Test
    void theExpiryIndexReadsEntriesAsTheyWereWrittenAndGivesThemBackInDeadlineOrder() {
        KeyValueStore<String, String> store = textStore("expiry");
        ExpiryIndex index = new ExpiryIndex(store);
        // As a deployment's store holds them: zero-padded deadline, bar, entry; held decisions prefixed early:.
        store.put("00000000000000002000|ar-i-2", "ar-i-2");
        store.put("00000000000000001000|early:ar-i-1", "early:ar-i-1");
        index.add(3000, new ExpiryIndex.Due("ar-i-3", false));
        index.add(1500, new ExpiryIndex.Due("ar-i-4", true));

        assertThat(store.get("00000000000000001500|early:ar-i-4")).isEqualTo("early:ar-i-4");
        assertThat(index.takeDue(2000)).containsExactly(new ExpiryIndex.Due("ar-i-1", true),
                new ExpiryIndex.Due("ar-i-4", true), new ExpiryIndex.Due("ar-i-2", false));
        assertThat(index.takeDue(2999)).isEmpty();
        assertThat(index.takeDue(3000)).isEqualTo(List.of(new ExpiryIndex.Due("ar-i-3", false)));
    }

    private static KeyValueStore<String, String> textStore(String name) {
        KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), Serdes.String()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }
}
