package io.countersign.dashboards.adapter.out;

import io.countersign.config.ConfigException;
import io.countersign.dashboards.domain.SessionKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared session key file: made owner-only with a random key when absent, the same key for every instance that reads it. */
class SessionKeyFileTest {

    @Test
    void theFirstInstanceMakesTheKeyAndEveryOtherReadsTheSame(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dashboards-session.key");
        SessionKey first = SessionKeyFile.loadOrCreate(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        SessionKey second = SessionKeyFile.loadOrCreate(file);
        assertThat(second.verify(first.sign("a session"))).contains("a session");
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    void aKeyShorterThan32BytesOrNotBase64IsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("short.key"), "c2hvcnQ=\n");
        assertThatThrownBy(() -> SessionKeyFile.loadOrCreate(file)).isInstanceOf(ConfigException.class).hasMessageContaining("at least 32");
        assertThatThrownBy(() -> SessionKeyFile.decode("not base64 at all!", "dashboards.sessionKey")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("openssl rand -base64 32");
    }
}
