package io.countersign.bench.policy;

import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyDecision;
import io.countersign.schema.Effect;
import io.countersign.schema.MatchedRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratedPolicyTest {

    @ParameterizedTest
    @ValueSource(ints = {10, 100, 1000})
    void generatedPoliciesCompileAndOnlyTheIntendedRulesMatch(int rules) {
        Policy policy = GeneratedPolicy.compile(rules);
        assertThat(policy.size()).isEqualTo(rules);

        PolicyDecision d = policy.evaluate(GeneratedPolicy.representativeIntent(), GeneratedPolicy.representativeLabels());

        assertThat(d.matched()).extracting(MatchedRule::getId).containsExactlyElementsOf(GeneratedPolicy.MATCHING);
        assertThat(d.effect()).isEqualTo(Effect.REVIEW);
        assertThat(d.review().quorum()).isEqualTo(2);
    }
}
