package io.countersign.mcpgateway.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one wording agents see a pending review in. */
class PendingReviewTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static String describe(int quorum, int approvals, List<String> groups, Duration left, boolean stepUp) {
        return new PendingReview(quorum, approvals, groups, NOW.plus(left), stepUp).describe(NOW);
    }

    @Test
    void saysApprovalsSoFarOfTheQuorumFromWhichGroupsAndTheTimeLeft() {
        assertThat(describe(1, 0, List.of("data-stewards"), Duration.ofSeconds(45), false))
                .isEqualTo("0 of 1 approval so far from data-stewards, expires in 45 s");
        assertThat(describe(2, 1, List.of("data-stewards", "security"), Duration.ofHours(24), true))
                .isEqualTo("1 of 2 approvals so far from data-stewards or security (with step-up sign-in), expires in 24 h");
        assertThat(describe(3, 2, List.of(), Duration.ofSeconds(-5), false)).isEqualTo("2 of 3 approvals so far, expiring now");
        assertThat(new PendingReview(1, 0, List.of("ops"), null, false).describe(NOW)).isEqualTo("0 of 1 approval so far from ops");
    }
}
