package io.countersign.approvals.domain;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one line every channel shows for a blast radius, and the line when the index cannot say. */
class BlastRadiusTest {

    @Test
    void namesDatasetsHopsLabelledCountsAndAgentsInTheWindow() {
        BlastRadius r = new BlastRadius.Known(14, 3, false, Map.of("PII", 2), 5, 30);

        assertThat(r.line()).isEqualTo("feeds 14 datasets in 3 hops, 2 labelled PII; used by 5 agents this month");
    }

    @Test
    void ordersSensitiveLabelsByCountThenNameAndCutsAfterThree() {
        BlastRadius r = new BlastRadius.Known(9, 2, false, Map.of("PHI", 1, "PII", 4, "PCI", 1, "SECRET", 1, "none", 0,
                "PUBLIC", 9, "UNCLASSIFIED", 9), 1, 7);

        assertThat(r.line()).isEqualTo("feeds 9 datasets in 2 hops, 4 labelled PII, 1 labelled PCI, 1 labelled PHI, … 1 more labels;"
                + " used by 1 agent in the last 7 days");
    }

    @Test
    void saysWhenTheWalkStoppedAtItsCapAndWhenNothingIsDownstream() {
        assertThat(new BlastRadius.Known(500, 1, true, Map.of(), 0, 30).line())
                .isEqualTo("feeds 500+ datasets in 1 hop, none labelled; used by 0 agents this month");
        assertThat(new BlastRadius.Known(0, 0, false, Map.of(), 0, 30).line()).isEqualTo("feeds no other datasets; used by 0 agents this month");
    }

    @Test
    void aLabelFromTheIndexCannotHideOrBreakTheLine() {
        BlastRadius r = new BlastRadius.Known(1, 1, false, Map.of("PII\u202E\nfake: line", 1), 0, 30);

        assertThat(r.line()).contains("1 labelled PII[U+202E] ⏎ fake: line").doesNotContain("\n").doesNotContain("\u202E");
    }

    @Test
    void anUnreachableIndexIsSaidInsteadOfCounts() {
        assertThat(BlastRadius.Unavailable.UNREACHABLE.line()).isEqualTo("blast radius unavailable (lineage index unreachable)");
        assertThatThrownBy(() -> new BlastRadius.Known(-1, 0, false, Map.of(), 0, 30)).isInstanceOf(IllegalArgumentException.class);
    }
}
