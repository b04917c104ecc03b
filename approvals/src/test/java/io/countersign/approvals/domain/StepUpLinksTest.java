package io.countersign.approvals.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StepUpLinksTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final Identity CAROL = Identity.of("user:carol@example.com");
    private final StepUpLinks links = new StepUpLinks("k".repeat(32).getBytes(), Duration.ofMinutes(10));

    @Test
    void aLinkIsBoundToItsRequestAndApproverAndExpires() throws Exception {
        String token = links.issue("ar-1", CAROL, NOW);
        StepUpLinks.Link link = links.verify(token, NOW.plusSeconds(599));
        assertThat(link.requestId()).isEqualTo("ar-1");
        assertThat(link.approver()).isEqualTo(CAROL);
        assertThat(link.expiresAt()).isEqualTo(NOW.plusSeconds(600));
        assertThat(links.verify(links.issue("ar-1", CAROL, NOW), NOW).id()).as("each link its own id").isNotEqualTo(link.id());
        assertThatThrownBy(() -> links.verify(token, NOW.plusSeconds(600))).hasMessageContaining("expired");
    }

    @Test
    void aChangedOrForeignLinkIsRefused() {
        String token = links.issue("ar-1", CAROL, NOW);
        String[] parts = token.split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1])).replace("carol", "dave").getBytes());
        for (String bad : List.of(parts[0] + "." + otherPayload + "." + parts[2], token + "A", "v2." + parts[1] + "." + parts[2], "", "a.b",
                new StepUpLinks("x".repeat(32).getBytes(), Duration.ofMinutes(10)).issue("ar-1", CAROL, NOW))) {
            assertThatThrownBy(() -> links.verify(bad, NOW)).isInstanceOf(StepUpLinks.InvalidLinkException.class);
        }
    }

    @Test
    void theKeyFileIsMadeOnceAndOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = StepUpLinks.createKeyFile(dir.resolve("keys/step-up-link.key"));
        String first = Files.readString(file);
        StepUpLinks.createKeyFile(file);
        assertThat(Files.readString(file)).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        StepUpLinks loaded = StepUpLinks.load(file, Duration.ofMinutes(5));
        assertThat(loaded.verify(loaded.issue("ar-2", CAROL, NOW), NOW).requestId()).isEqualTo("ar-2");
    }

    @Test
    void aStepUpNeedsARecentSignInWithASecondFactor() {
        StepUpRequirement r = new StepUpRequirement(Duration.ofMinutes(5), null, Set.of("urn:acme:mfa"));
        assertThat(r.problem(NOW.minusSeconds(60), List.of("pwd", "otp"), null, NOW)).isEmpty();
        assertThat(r.problem(NOW.minusSeconds(60), List.of("pwd"), "urn:acme:mfa", NOW)).as("MFA as an acr").isEmpty();
        assertThat(r.problem(NOW.minusSeconds(301), List.of("pwd", "otp"), null, NOW)).get().asString().contains("older than 5 minutes");
        assertThat(r.problem(NOW.minusSeconds(60), List.of("pwd"), "urn:acme:pwd", NOW)).get().asString().contains("multi-factor");
        assertThat(r.problem(null, List.of("otp"), null, NOW)).get().asString().contains("auth_time");
        assertThat(r.problem(NOW.plusSeconds(600), List.of("otp"), null, NOW)).get().asString().contains("future");
    }
}
