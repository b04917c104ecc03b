package io.countersign.cli;

import io.countersign.embedded.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code countersign lineage-index}: help, and what it says when there is no Flink cluster to submit to. */
class LineageIndexCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"lineage-index", "lineage-index submit", "lineage-index run"})
    void everySubcommandHasHelp(String command) {
        CliRun r = CliRun.of((command + " --help").split(" "));
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Usage: countersign " + command).contains("--help");
    }

    @Test
    void submitHelpNamesTheRestEndpointJarAndSavepointOptions() {
        assertThat(CliRun.of("lineage-index", "submit", "--help").out()).contains("--rest-url", "--jar", "--savepoint", "--allow-non-restored-state",
                "--config");
    }

    @Test
    void submitToAClusterThatIsNotThereSaysSoAndWhatToDo() {
        String nobody = "http://127.0.0.1:" + Ports.free();
        CliRun r = CliRun.of("lineage-index", "submit", "--rest-url", nobody);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("Flink's REST API at " + nobody + "/ is unreachable", "start the Flink cluster", "--rest-url");
    }
}
