package io.countersign.processors;

import io.countersign.config.ConfigException;
import io.countersign.config.ConfigLoader;
import io.countersign.config.EnvSubstitution;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The unknown-dataset labels are labels by the one rule (contracts.ids.Label), checked when the file is read; the gate mode. */
class StreamProcessorsConfigTest {

    private static StreamProcessorsConfig read(String yaml) {
        return ConfigLoader.parse(yaml, "test.yaml", new EnvSubstitution(k -> null))
                .section("stream-processors", StreamProcessorsConfig.class, StreamProcessorsConfig.DEFAULTS);
    }

    @Test
    void unknownDatasetLabelsAreLabelsWrittenInUpperCase() {
        assertThat(read("stream-processors:\n  unknownDatasetLabels: [unclassified, ' Public ']\n").unknownDatasetLabels())
                .containsExactly("UNCLASSIFIED", "PUBLIC");
        assertThat(read("stream-processors: {}\n").unknownDatasetLabels()).containsExactly("UNCLASSIFIED");
    }

    @Test
    void aLabelNoStewardCouldDeclareIsRefusedAtLoadNamingTheEntry() {
        assertThatThrownBy(() -> read("stream-processors:\n  unknownDatasetLabels: [PII, 'top secret']\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknownDatasetLabels[1]")
                .hasMessageContaining("1-32 letters, digits or '_'");
    }

    @Test
    void theGateIsExactlyOnceUnlessFirstWinsIsAskedFor() {
        assertThat(read("stream-processors: {}\n").gate()).isEqualTo(GateMode.EXACTLY_ONCE);
        assertThat(read("stream-processors:\n  gate: first-wins\n").gate()).isEqualTo(GateMode.FIRST_WINS);
        assertThatThrownBy(() -> read("stream-processors:\n  gate: at-most-once\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gate").hasMessageContaining("first-wins");
    }
}
