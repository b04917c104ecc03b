package io.countersign.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code countersign policy replay} without Kafka: a candidate that does not compile is refused before any history is
 * read, with exit 65 and each problem's {@code file:line} and rule on stderr, as {@code policy check} does; and a replay
 * of a history (from {@link FakeAuditIndex}, through {@code --index}) reports its progress on stderr, so the JSON on
 * stdout stays a document a tool can read.
 */
class PolicyReplayCommandTest {

    private static final Instant DAY = Instant.parse("2031-03-01T00:00:00Z");
    private static final String CANDIDATE = """
            defaultEffect: allow
            rules:
              - id: pii-exports-denied
                condition: "intent.action == 'db.export' && 'PII' in labels"
                effect: deny
            """;

    @TempDir
    Path dir;

    @Test
    void aCandidateThatDoesNotCompileExitsWith65NamingFileLineAndRule() throws Exception {
        Path policy = Files.writeString(dir.resolve("bad.yaml"), PolicyCommandTest.DOES_NOT_COMPILE);

        // No --index and no Kafka: the candidate is checked before any history is read.
        CliRun r = CliRun.of("policy", "replay", "--policy", policy.toString(), "--since", "1d");

        assertThat(r.exit()).as(r.err()).isEqualTo(PolicyCommand.INVALID).isEqualTo(65);
        assertThat(r.err()).contains("bad.yaml:3: rule typo:");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aLongReplayReportsProgressOnStderrAndKeepsStdoutOneJsonDocument() throws Exception {
        Path policy = Files.writeString(dir.resolve("candidate.yaml"), CANDIDATE);
        try (FakeAuditIndex index = new FakeAuditIndex()) {
            // 250 exports: every 5th of PII, reviewed then and denied by the candidate (50 flips); the others public, allowed then and now.
            for (int i = 0; i < 250; i++) {
                boolean pii = i % 5 == 0;
                index.classifiedExport("export-" + i, DAY.plusSeconds(i), pii ? "PII" : "PUBLIC", pii ? "REVIEW" : "ALLOW",
                        pii ? List.of("pii-exports-reviewed") : List.of());
            }

            CliRun r = CliRun.of("policy", "replay", "--policy", policy.toString(), "--index", index.url(), "--from", DAY.toString(),
                    "--to", DAY.plusSeconds(3600).toString(), "--format", "json", "--progress-every", "100");

            assertThat(r.exit()).as(r.err()).isEqualTo(PolicyReplayCommand.FLIPS);
            assertThat(r.err().lines().filter(l -> l.startsWith("replayed "))).containsExactly("replayed 100 intents…", "replayed 200 intents…");
            assertThat(r.err()).contains("250 intents replayed, 50 would be decided differently");
            JsonNode report = new ObjectMapper().readTree(r.out()).path("report");
            assertThat(report.path("replayed").asLong()).isEqualTo(250);
            assertThat(report.path("flipped").asLong()).isEqualTo(50);
            assertThat(r.out()).doesNotContain("intents…");
        }
    }

    @Test
    void aProgressIntervalBelowOneIsRefused() throws Exception {
        Path policy = Files.writeString(dir.resolve("candidate.yaml"), CANDIDATE);

        CliRun r = CliRun.of("policy", "replay", "--policy", policy.toString(), "--progress-every", "0");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--progress-every must be at least 1");
    }
}
