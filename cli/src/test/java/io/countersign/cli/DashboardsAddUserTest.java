package io.countersign.cli;

import io.countersign.dashboards.adapter.out.UsersFile;
import io.countersign.dashboards.domain.PasswordHash;
import io.countersign.dashboards.domain.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code countersign dashboards add-user}: hashes the password, keeps other users, refuses short passwords. */
class DashboardsAddUserTest {

    @Test
    void addsUsersWithHashedPasswordsToAnOwnerOnlyFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users.yaml");
        assertThat(withStdin("a long enough password\n", () -> CliRun.of("dashboards", "add-user", "--users-file", file.toString(),
                "--role", "analyst", "--password-stdin", "ana")).exit()).isZero();
        CliRun second = withStdin("another long password\n", () -> CliRun.of("dashboards", "add-user", "--users-file", file.toString(),
                "--role", "auditor", "--password-stdin", "audrey"));
        assertThat(second.exit()).isZero();
        assertThat(second.out()).contains("audrey can sign in", "2 users");
        var users = UsersFile.load(file);
        assertThat(users).extracting(u -> u.username()).containsExactlyInAnyOrder("ana", "audrey");
        var ana = users.stream().filter(u -> u.username().equals("ana")).findFirst().orElseThrow();
        assertThat(ana.roles()).containsExactly(Role.ANALYST);
        assertThat(PasswordHash.matches("a long enough password".toCharArray(), ana.passwordHash())).isTrue();
        assertThat(Files.readString(file)).doesNotContain("a long enough password");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        CliRun shortOne = withStdin("short\n", () -> CliRun.of("dashboards", "add-user", "--users-file", file.toString(),
                "--role", "analyst", "--password-stdin", "bob"));
        assertThat(shortOne.exit()).isEqualTo(1);
        assertThat(shortOne.err()).contains("at least 12 characters");
        assertThat(UsersFile.load(file)).hasSize(2);
    }

    private static CliRun withStdin(String input, java.util.function.Supplier<CliRun> run) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return run.get();
        } finally {
            System.setIn(original);
        }
    }
}
