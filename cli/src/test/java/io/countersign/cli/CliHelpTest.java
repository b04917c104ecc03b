package io.countersign.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;


import static org.assertj.core.api.Assertions.assertThat;

class CliHelpTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "init", "topics", "schemas", "schemas check", "audit", "audit verify", "policy", "policy check", "policy test"})
    void everyCommandHasHelp(String command) {
        String[] args = (command + " --help").split(" ");
        CliRun r = run(args);
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Usage: countersign " + command).contains("--help");
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        CliRun r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("up", "init", "topics", "schemas", "audit", "policy");
    }

    @Test
    void topicsListsTheCatalogueWithoutACluster() {
        CliRun r = run("topics");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("countersign.intents", "countersign.audit", "forever", "compact", "ActionIntent");
    }

    @Test
    void unknownOptionIsAUsageErrorThatSaysWhat() {
        CliRun r = run("up", "--no-such-option");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void badConfigFileIsAClearConfigurationError() {
        CliRun r = run("topics", "--live", "--config", "/nonexistent/countersign.yaml");
        assertThat(r.exit()).isEqualTo(78);
        assertThat(r.err()).contains("configuration error").contains("/nonexistent/countersign.yaml");
    }
}
