package io.countersign.processors.adapter.in;

import io.countersign.processors.domain.policy.PolicyLoadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PolicyFileWatcherTest {

    private static final String V1 = """
            defaultEffect: allow
            rules:
              - id: deny-prod
                condition: env == 'prod'
                effect: deny
            """;
    private static final String V2 = V1 + """
              - id: deny-dev
                condition: env == 'dev'
                effect: deny
            """;
    private static final String BROKEN = V1 + """
              - id: broken
                condition: env = 'dev'
                effect: deny
            """;

    @TempDir
    Path dir;

    @Test
    void aChangedFileIsReloadedAndABrokenOneKeepsTheLastGoodPolicy() throws IOException {
        Path file = Files.writeString(dir.resolve("policy.yaml"), V1);
        try (PolicyFileWatcher watcher = new PolicyFileWatcher(file, Duration.ZERO)) {
            String v1 = watcher.get().version();
            assertThat(watcher.reloadIfChanged()).isFalse();

            Files.writeString(file, V2);
            assertThat(watcher.reloadIfChanged()).isTrue();
            assertThat(watcher.get().size()).isEqualTo(2);
            String v2 = watcher.get().version();
            assertThat(v2).isNotEqualTo(v1);

            Files.writeString(file, BROKEN);
            assertThatThrownBy(watcher::reloadIfChanged).isInstanceOf(PolicyLoadException.class)
                    .hasMessageContaining("rule broken");
            assertThat(watcher.get().version()).isEqualTo(v2);
            assertThat(watcher.lastRejection()).isNotNull();
            assertThat(watcher.reloadIfChanged()).as("the same broken file is not re-reported").isFalse();

            Files.writeString(file, V1);
            assertThat(watcher.reloadIfChanged()).isTrue();
            assertThat(watcher.get().version()).isEqualTo(v1);
            assertThat(watcher.lastRejection()).isNull();
            assertThat(watcher.reloads()).isEqualTo(2);
            assertThat(watcher.rejections()).isEqualTo(1);
        }
    }

    @Test
    void thePollerPicksUpChangesOnItsOwn() throws IOException {
        Path file = Files.writeString(dir.resolve("policy.yaml"), V1);
        try (PolicyFileWatcher watcher = new PolicyFileWatcher(file, Duration.ofMillis(20))) {
            Files.writeString(file, V2);
            await().atMost(Duration.ofSeconds(10)).until(() -> watcher.get().size() == 2);
        }
    }

    @Test
    void aPipelineDoesNotStartWithAPolicyThatDoesNotCompileOrDoesNotExist() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.yaml"), BROKEN);
        assertThatThrownBy(() -> new PolicyFileWatcher(broken, Duration.ZERO)).isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining("broken.yaml:6: rule broken");
        assertThatThrownBy(() -> new PolicyFileWatcher(dir.resolve("missing.yaml"), Duration.ZERO))
                .isInstanceOf(PolicyLoadException.class).hasMessageContaining("cannot read");
    }
}
