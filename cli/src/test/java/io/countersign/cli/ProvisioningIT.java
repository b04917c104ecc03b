package io.countersign.cli;

import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code init}, {@code topics --live} and {@code schemas check} against the real embedded stack. */
@WithCountersignStack
class ProvisioningIT {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void initIsIdempotentAndTheClusterThenMatchesTheCatalogue(Endpoints endpoints, @TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("countersign.yaml"), """
                kafka:
                  bootstrapServers: %s
                registry:
                  url: %s
                """.formatted(endpoints.kafkaBootstrap(), endpoints.registryUrl()));

        CliRun first = run("init", "--config", config.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains(Topics.ALL.size() + " value schemas registered");

        CliRun second = run("init", "--config", config.toString());
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains(Topics.ALL.size() + " in the catalogue, 0 created");

        CliRun topics = run("topics", "--live", "--config", config.toString());
        assertThat(topics.exit()).as(topics.out() + topics.err()).isZero();
        assertThat(topics.out()).doesNotContain("MISSING").contains("countersign.verdicts");

        CliRun check = run("schemas", "check", "--config", config.toString());
        assertThat(check.exit()).as(check.err()).isZero();
        assertThat(check.out()).contains("countersign.intents-value").contains("REGISTERED").doesNotContain("INCOMPATIBLE");
    }

    @Test
    void unreachableClusterIsExplained(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("c.yaml"), "registry:\n  url: http://127.0.0.1:1/apis/ccompat/v7\n");
        CliRun check = run("schemas", "check", "--config", config.toString());
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.err()).contains("127.0.0.1:1");
    }
}
