package io.countersign.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class CliHelpTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CountersignCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "init", "topics", "schemas", "schemas check"})
    void everyCommandHasHelp(String command) {
        String[] args = (command + " --help").split(" ");
        Run r = run(args);
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Usage: countersign " + command).contains("--help");
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        Run r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("up", "init", "topics", "schemas");
    }

    @Test
    void topicsListsTheCatalogueWithoutACluster() {
        Run r = run("topics");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("countersign.intents", "countersign.audit", "forever", "compact", "ActionIntent");
    }

    @Test
    void unknownOptionIsAUsageErrorThatSaysWhat() {
        Run r = run("up", "--no-such-option");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void badConfigFileIsAClearConfigurationError() {
        Run r = run("topics", "--live", "--config", "/nonexistent/countersign.yaml");
        assertThat(r.exit()).isEqualTo(78);
        assertThat(r.err()).contains("configuration error").contains("/nonexistent/countersign.yaml");
    }
}
