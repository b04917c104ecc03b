package io.countersign.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvSubstitutionTest {

    private final EnvSubstitution env = new EnvSubstitution(Map.of(
            "HOST", "kafka-1", "PORT", "9093", "EMPTY", "")::get);

    @Test
    void expandsSetVariablesAndDefaults() {
        assertThat(env.expand("${HOST}:${PORT}", "k")).isEqualTo("kafka-1:9093");
        assertThat(env.expand("${MISSING:-127.0.0.1}:${PORT:-9092}", "k")).isEqualTo("127.0.0.1:9093");
    }

    @Test
    void emptyCountsAsUnsetForDefaultsLikeTheShell() {
        assertThat(env.expand("${EMPTY:-fallback}", "k")).isEqualTo("fallback");
    }

    @Test
    void defaultMayContainColonsAndSlashes() {
        assertThat(env.expand("${URL:-http://127.0.0.1:8081/apis/ccompat/v7}", "k"))
                .isEqualTo("http://127.0.0.1:8081/apis/ccompat/v7");
    }

    @Test
    void escapedDollarStaysLiteral() {
        assertThat(env.expand("price $${HOST}", "k")).isEqualTo("price ${HOST}");
    }

    @Test
    void textWithoutReferencesIsUnchanged() {
        assertThat(env.expand("plain $ text", "k")).isEqualTo("plain $ text");
    }

    @Test
    void requiredVariableFailsWithItsMessageAndLocation() {
        assertThatThrownBy(() -> env.expand("${SECRET:?set the Slack token}", "slack.token"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("slack.token: SECRET is required: set the Slack token");
    }

    @Test
    void bareUnsetVariableFailsAndSaysHowToGiveADefault() {
        assertThatThrownBy(() -> env.expand("${NOPE}", "kafka.bootstrapServers"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.bootstrapServers")
                .hasMessageContaining("${NOPE:-default}");
    }
}
