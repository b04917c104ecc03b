package io.countersign.sdktests;

import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TypeScript and Python SDKs' own test suites ({@code node --test}, {@code python3 -m unittest}) against the
 * real ingest gateway and decision pipeline: allowed (with the verdict's hash recomputed client-side), denied
 * with the rule, review approved through the approval API, expiry, timeout and abort, retry on 503 through a
 * loopback proxy, and the shared intent-hash vectors. A failing SDK test fails this build, with its output.
 */
@WithCountersignStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SdkClientsIT {

    private static final Path SDK = Path.of("..", "sdk").toAbsolutePath().normalize();
    private static final Duration LIMIT = Duration.ofMinutes(5);

    private SdkFixture fixture;

    @BeforeAll
    void start(Endpoints endpoints) throws Exception {
        fixture = new SdkFixture(endpoints);
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    @Test
    void typeScriptSdkTestsPassAgainstTheRealGateway() throws Exception {
        Path dir = SDK.resolve("typescript");
        assertThat(dir.resolve("dist/index.js")).as("compiled by the build (npm run build)").exists();
        List<String> command = new ArrayList<>(List.of("node", "--test", "--test-reporter=tap"));
        try (Stream<Path> tests = Files.list(dir.resolve("test"))) {
            tests.map(Path::toString).filter(p -> p.endsWith(".test.mjs")).sorted().forEach(command::add);
        }
        SdkFixture.Run run = fixture.run(dir, command, LIMIT);
        System.out.println(run.output());
        assertThat(run.exitCode()).as("node --test output:%n%s", run.output()).isZero();
        // The gateway cases really ran (not skipped for want of the environment).
        assertThat(run.output()).contains("# skipped 0").contains("# fail 0").containsPattern("# pass (1[2-9]|[2-9]\\d)");
    }

    @Test
    void pythonSdkTestsPassAgainstTheRealGateway() throws Exception {
        SdkFixture.Run run = fixture.run(SDK.resolve("python"), List.of("python3", "-m", "unittest", "-v"), LIMIT);
        System.out.println(run.output());
        assertThat(run.exitCode()).as("python3 -m unittest output:%n%s", run.output()).isZero();
        assertThat(run.output()).contains("OK").doesNotContain("skipped");
    }
}
