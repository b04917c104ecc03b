package io.countersign.processors.domain.policy.replay;

import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.Effect;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyReplayTest {

    private static final String CANDIDATE = """
            defaultEffect: allow
            rules:
              - id: exports-of-pii-are-denied
                condition: intent.action == 'db.export' && 'PII' in labels
                effect: deny
            """;

    private static PastDecision past(String id, String action, List<String> labels, Effect then, List<String> rules) {
        ActionIntent intent = ActionIntent.newBuilder().setIntentId(id).setOccurredAt(Instant.EPOCH)
                .setAgent(AgentRef.newBuilder().setId("agent:a").setOwner("user:o@example.com").build()).setPrincipal("user:p@example.com")
                .setAction(action).setTargets(List.of("pg://crm/t")).setEnvironment("prod").build();
        return new PastDecision(id, Instant.EPOCH, intent, Map.of("pg://crm/t", labels), then, rules, "v0");
    }

    @Test
    void countsFlipsByTransitionRuleAndAgentAndNamesWhatMadeTheDifference() {
        List<PastDecision> history = List.of(
                past("1", "db.export", List.of("PII"), Effect.REVIEW, List.of("pii-export")),   // review -> deny (new rule)
                past("2", "db.export", List.of("PUBLIC"), Effect.ALLOW, List.of()),              // unchanged
                past("3", "db.read", List.of("PII"), Effect.REVIEW, List.of("pii-reads")),       // review -> allow (old rule gone)
                past("4", "db.export", List.of("PII"), Effect.DENY, List.of("old-deny")));        // unchanged
        List<Long> progress = new ArrayList<>();
        ReplayReport r = PolicyReplay.replay(history.iterator(), PolicyLoader.parse(CANDIDATE, "c.yaml"), 10, progress::add);

        assertThat(r.replayed()).isEqualTo(4);
        assertThat(r.flipped()).isEqualTo(2);
        assertThat(r.byTransition()).containsOnly(Map.entry("review→deny", 1L), Map.entry("review→allow", 1L));
        assertThat(r.byRule()).containsOnly(Map.entry("exports-of-pii-are-denied", 1L), Map.entry("pii-reads", 1L));
        assertThat(r.byAgentAndAction()).containsOnly(Map.entry("agent:a db.export", 1L), Map.entry("agent:a db.read", 1L));
        assertThat(r.flips()).extracting(Flip::intentId).containsExactly("1", "3");
        assertThat(r.anyFlip()).isTrue();
        // Reports list the counts in key order, every time (the dashboards and --format json/md show them as they come).
        assertThat(r.byTransition().keySet()).containsExactly("review→allow", "review→deny");
        assertThat(r.byRule().keySet()).containsExactly("exports-of-pii-are-denied", "pii-reads");
    }

    @Test
    void keepsAtMostTheLimitOfFlipsButCountsThemAll() {
        List<PastDecision> history = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            history.add(past("i" + i, "db.export", List.of("PII"), Effect.ALLOW, List.of()));
        }
        ReplayReport r = PolicyReplay.replay(history.iterator(), PolicyLoader.parse(CANDIDATE, "c.yaml"), 2, n -> { });
        assertThat(r.flipped()).isEqualTo(5);
        assertThat(r.flips()).hasSize(2);
    }

    @Test
    void progressIsHeardAfterEveryIntervalTheCallerChooses() {
        List<PastDecision> history = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            history.add(past("i" + i, "db.read", List.of("PUBLIC"), Effect.ALLOW, List.of()));
        }
        List<Long> progress = new ArrayList<>();
        PolicyReplay.replay(history.iterator(), PolicyLoader.parse(CANDIDATE, "c.yaml"), 10, 3, progress::add);
        assertThat(progress).containsExactly(3L, 6L);
        assertThatThrownBy(() -> PolicyReplay.replay(history.iterator(), PolicyLoader.parse(CANDIDATE, "c.yaml"), 10, 0, n -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
