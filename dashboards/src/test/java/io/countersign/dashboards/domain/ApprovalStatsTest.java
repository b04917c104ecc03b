package io.countersign.dashboards.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Time to decision by rule and group, approver load and rubber-stamp flags. */
class ApprovalStatsTest {

    private static final Instant T = Instant.parse("2026-11-17T09:00:00Z");

    @Test
    void percentilesByRuleAndGroupAreNearestRank() {
        List<ApprovalStats.Reviewed> reviewed = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            reviewed.add(new ApprovalStats.Reviewed(List.of("export-review"), List.of(i % 2 == 0 ? "stewards" : "security"), i * 1_000L, T,
                    List.of()));
        }
        List<ApprovalStats.Timing> byRule = ApprovalStats.byKey(reviewed, true);
        assertThat(byRule).containsExactly(new ApprovalStats.Timing("export-review", 20, 10_000, 19_000));
        assertThat(ApprovalStats.byKey(reviewed, false)).extracting(ApprovalStats.Timing::key, ApprovalStats.Timing::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("security", 10), org.assertj.core.groups.Tuple.tuple("stewards", 10));
    }

    @Test
    void flagsApproversWhoNeverDenyOrDecideFasterThanTheThreshold() {
        List<ApprovalStats.Reviewed> reviewed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            reviewed.add(new ApprovalStats.Reviewed(List.of("r"), List.of("g"), 0, T, List.of(
                    new ApprovalStats.Decision("stamp", true, T.plusSeconds(2)),
                    new ApprovalStats.Decision("careful", i != 0, T.plusSeconds(600)))));
        }
        reviewed.add(new ApprovalStats.Reviewed(List.of("r"), List.of("g"), 0, T, List.of(new ApprovalStats.Decision("once", true, T.plusSeconds(1)))));
        List<ApprovalStats.ApproverLoad> load = ApprovalStats.approvers(reviewed, Duration.ofSeconds(10));
        ApprovalStats.ApproverLoad stamp = load.stream().filter(a -> a.approver().equals("stamp")).findFirst().orElseThrow();
        assertThat(stamp.flags()).containsExactly("never denies", "4 of 4 decisions in under 10 s");
        assertThat(stamp.medianSeconds()).isEqualTo(2.0);
        ApprovalStats.ApproverLoad careful = load.stream().filter(a -> a.approver().equals("careful")).findFirst().orElseThrow();
        assertThat(careful.denials()).isEqualTo(1);
        assertThat(careful.flags()).isEmpty();
        assertThat(load.stream().filter(a -> a.approver().equals("once")).findFirst().orElseThrow().flags())
                .as("one decision is not a pattern").isEmpty();
    }
}
