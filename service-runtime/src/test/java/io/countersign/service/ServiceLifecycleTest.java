package io.countersign.service;

import io.countersign.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The exit codes of a service's own {@code main}, which orchestrators and scripts act on. */
class ServiceLifecycleTest {

    @Test
    void helpAndBadArgumentsAndConfigurationErrorsAndFailuresHaveTheirOwnExitCodes(@TempDir Path dir) throws Exception {
        ServiceLifecycle.Starter never = (config, out) -> {
            throw new AssertionError("must not start");
        };
        assertThat(ServiceLifecycle.main("svc", new String[] {"--help"}, never)).isZero();
        assertThat(ServiceLifecycle.main("svc", new String[] {"--bogus"}, never)).isEqualTo(64);
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "kafka: [unclosed");
        assertThat(ServiceLifecycle.main("svc", new String[] {"--config", broken.toString()}, never)).isEqualTo(78);

        Path ok = Files.writeString(dir.resolve("ok.yaml"), "kafka:\n  bootstrapServers: ${NO_SUCH_VAR_FOR_TEST:-127.0.0.1:1}\n");
        AtomicReference<String> origin = new AtomicReference<>();
        assertThat(ServiceLifecycle.main("svc", new String[] {"-c", ok.toString()}, (config, out) -> {
            origin.set(config.origin());
            throw new IllegalStateException("no Kafka broker answers");
        })).isEqualTo(1);
        assertThat(origin.get()).contains("ok.yaml");
        assertThat(ServiceLifecycle.main("svc", new String[] {"-c", ok.toString()}, (config, out) -> {
            throw new ConfigException("bad section");
        })).isEqualTo(78);
    }
}
