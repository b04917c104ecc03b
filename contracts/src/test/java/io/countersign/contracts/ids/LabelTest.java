package io.countersign.contracts.ids;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one rule for sensitivity labels: what the steward API, lineage tags and the configuration accept. */
class LabelTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PII|PII", "PHI|PHI", "PCI|PCI", "SECRET|SECRET", "PUBLIC|PUBLIC", "INTERNAL|INTERNAL", "UNCLASSIFIED|UNCLASSIFIED",
            "FINANCE_RESTRICTED|FINANCE_RESTRICTED", "pii|PII", "'  Pii\t'|PII", "l0|L0", "A|A",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345|ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
            // Unicode case mapping is as the steward API has always applied it (dotless i upper-cases to I).
            "p\u0131\u0131|PII"})
    void validLabelsAreUpperCased(String raw, String label) {
        assertThat(Label.parse(raw).value()).isEqualTo(label);
        assertThat(Label.tryParse(raw)).contains(new Label(label));
        assertThat(Label.normalise(raw)).isEqualTo(label);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "_PII", "1PII", "TOP-SECRET", "TOP SECRET", "PII!", "P.I.I", "ÄPII", "PII\u200B",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", "PII\nPHI"})
    void anythingElseIsRefusedSayingWhatALabelIs(String raw) {
        assertThatThrownBy(() -> Label.parse(raw)).isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("1-32 letters, digits or '_', starting with a letter").hasMessageNotContaining(raw.isBlank() ? "\u0000" : raw);
        assertThat(Label.tryParse(raw)).isEmpty();
    }

    @Test
    void nullIsNoLabelAndTheConstructorTakesOnlyTheUpperCaseForm() {
        assertThatThrownBy(() -> Label.parse(null)).isInstanceOf(InvalidIdentifierException.class);
        assertThatThrownBy(() -> new Label("pii")).isInstanceOf(InvalidIdentifierException.class);
        assertThat(new Label("PII")).hasToString("PII").isEqualTo(Label.parse("pii"));
    }

    @Test
    void normaliseKeepsTextThatIsNoLabelSoNoStoredLabelIsLost() {
        assertThat(Label.normalise(" top-secret ")).isEqualTo("TOP-SECRET");
        assertThat(Label.normalise(null)).isEmpty();
    }

    @Property(tries = 3_000)
    void anyTextIsALabelInUpperCaseThatParsesToItselfOrIsRefused(@ForAll String anything) {
        Optional<Label> parsed = Label.tryParse(anything);
        if (parsed.isEmpty()) {
            assertThatThrownBy(() -> Label.parse(anything)).isInstanceOf(InvalidIdentifierException.class);
            return;
        }
        String label = parsed.get().value();
        assertThat(label).matches("[A-Z][A-Z0-9_]{0,31}").isEqualTo(Label.normalise(anything));
        assertThat(Label.parse(label).value()).isEqualTo(label);
        assertThat(Label.parse(label.toLowerCase()).value()).isEqualTo(label);
    }
}
