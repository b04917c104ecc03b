package io.countersign.contracts.ids;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one rule for intent ids: what the gateway issues, its execution API audits and the pipeline decides on. */
class IntentIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"i-1", "0f8a6e3c-5b7d-4c1e-9a2f-3d4b5c6e7f80", "urn:uuid:0f8a6e3c", "bench-1", "order#42", "agent:exporter/42",
            "заказ-1", "x"})
    void visibleIdsUpTo128CharactersAreIds(String raw) {
        assertThat(IntentId.parse(raw).value()).isEqualTo(raw);
        assertThat(IntentId.tryParse(raw)).contains(new IntentId(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "i 1", " i-1", "i-1\n", "i-1\r\nforged: line", "i-1\t", "i-1\u0000", "i-1\u202e", "i-1\u200b",
            "i-1\u00a0", "i-1\ue000", "i-1\ud800", "i-1\u0378"})
    void whitespaceControlInvisibleAndUnassignedCharactersAreRefused(String raw) {
        assertThatThrownBy(() -> IntentId.parse(raw)).isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("intent id");
        assertThat(IntentId.tryParse(raw)).isEmpty();
    }

    @Test
    void idsAreAtMost128Characters() {
        assertThat(IntentId.parse("a".repeat(IntentId.MAX_LENGTH)).value()).hasSize(128);
        assertThatThrownBy(() -> IntentId.parse("a".repeat(IntentId.MAX_LENGTH + 1))).isInstanceOf(InvalidIdentifierException.class);
        assertThatThrownBy(() -> IntentId.parse(null)).isInstanceOf(InvalidIdentifierException.class);
    }

    @Test
    void retriesOfOneAgentAndKeyNameTheSameIntentAndTheDerivationNeverChanges() {
        IntentId first = IntentId.forRetries("agent:exporter", "order-42");
        assertThat(IntentId.forRetries("agent:exporter", "order-42")).isEqualTo(first);
        assertThat(IntentId.forRetries("agent:other", "order-42")).isNotEqualTo(first);
        // A UUID v3 of "agent:exporter\norder-42": ids of intents already submitted must stay what they are.
        assertThat(first.value()).isEqualTo("e18a457b-1178-3e59-8d97-53d25b6483b6");
        assertThat(IntentId.random()).isNotEqualTo(IntentId.random());
    }

    @Property(tries = 3_000)
    void anyTextIsAnIdAsItIsOrRefused(@ForAll String anything) {
        Optional<IntentId> parsed = IntentId.tryParse(anything);
        if (parsed.isEmpty()) {
            assertThatThrownBy(() -> IntentId.parse(anything)).isInstanceOf(InvalidIdentifierException.class);
            return;
        }
        assertThat(parsed.get().value()).isEqualTo(anything).hasSizeBetween(1, IntentId.MAX_LENGTH).doesNotContainPattern("\\s|\\p{Cc}|\\p{Cf}");
    }
}
