package io.countersign.cli;

import io.countersign.processors.domain.policy.replay.Flip;
import io.countersign.processors.domain.policy.replay.ReplayReport;
import io.countersign.schema.Effect;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The replay report's renderings, with hostile agent text in them. */
class ReplayReportsTest {

    private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");
    private static final ReplayReport REPORT = new ReplayReport(10, 1, "abc123", Map.of("allow→deny", 1L), Map.of("no-finance", 1L),
            Map.of("agent:x db.read", 1L), List.of(new Flip("i-1", T, "agent:x|evil\n## injected", "=HYPERLINK(\"http://x\")", Effect.ALLOW,
            Effect.DENY, List.of(), List.of("no-finance"), "no-finance")));

    private static String render(ReplayReports.Format format) {
        StringWriter out = new StringWriter();
        ReplayReports.write(REPORT, T.minusSeconds(86_400), T, format, new PrintWriter(out));
        return out.toString();
    }

    @Test
    void markdownCountsAndListsFlipsWithoutLettingAgentTextBreakTheTable() {
        String md = render(ReplayReports.Format.md);
        assertThat(md).contains("10 intents", "**1 would be decided differently**", "| allow→deny | 1 |", "| no-finance | 1 |")
                .contains("agent:x\\|evil ## injected").doesNotContain("\n## injected");
    }

    @Test
    void csvQuotesEveryCellAndDefusesFormulas() {
        String csv = render(ReplayReports.Format.csv);
        assertThat(csv.lines().toList()).hasSize(2);
        assertThat(csv).contains("\"'=HYPERLINK(\"\"http://x\"\")\"", "\"ALLOW\",\"DENY\",\"no-finance\"");
    }

    @Test
    void jsonCarriesThePeriodAndTheWholeReport() {
        assertThat(render(ReplayReports.Format.json)).contains("\"from\" : \"2026-11-29T10:00:00Z\"", "\"flipped\" : 1",
                "\"before\" : \"ALLOW\"", "\"cause\" : \"no-finance\"");
    }
}
