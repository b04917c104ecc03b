package io.countersign.cli;

import io.countersign.approvals.domain.Identity;
import io.countersign.approvals.domain.StepUpLinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code countersign keys step-up}: writes an owner-only key that signs links, and never replaces one. */
class StepUpKeyCommandTest {

    @Test
    void writesAKeyOnceThatSignsLinks(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/step-up-link.key");
        CliRun first = CliRun.of("keys", "step-up", "--file", file.toString());
        assertThat(first.exit()).isZero();
        assertThat(first.out()).contains("Wrote a new step-up link key", "ingest.stepUp.linkKeyFile");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String key = Files.readString(file);
        CliRun again = CliRun.of("keys", "step-up", "--file", file.toString());
        assertThat(again.out()).contains("Kept the existing");
        assertThat(Files.readString(file)).isEqualTo(key);
        StepUpLinks links = StepUpLinks.load(file, Duration.ofMinutes(10));
        Instant now = Instant.now();
        assertThat(links.verify(links.issue("ar-1", Identity.of("user:carol@example.com"), now), now).requestId()).isEqualTo("ar-1");
    }
}
