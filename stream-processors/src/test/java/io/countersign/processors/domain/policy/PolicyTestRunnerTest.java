package io.countersign.processors.domain.policy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyTestRunnerTest {

    private static String resource(String path) throws IOException {
        try (InputStream in = PolicyTestRunnerTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theShippedPolicyPassesItsShippedCases() throws IOException {
        Policy shipped = PolicyLoader.shippedDefault();
        List<PolicyTestRunner.Result> results = PolicyTestRunner.run(shipped,
                PolicyTestRunner.parse(resource("/policy/default-policy-cases.yaml"), "default-policy-cases.yaml"));

        assertThat(results).hasSizeGreaterThanOrEqualTo(9);
        assertThat(results).allSatisfy(r -> assertThat(r.failures()).as(r.name()).isEmpty());
    }

    @Test
    void aFailingCaseSaysExactlyWhatDiffered() {
        Policy policy = PolicyLoader.parse("""
                defaultEffect: allow
                rules:
                  - id: exports
                    condition: intent.action.endsWith('.export')
                    effect: review
                    approvers: [data-stewards]
                    quorum: 1
                    ttl: 1h
                """, "p.yaml");
        PolicyTestRunner.Cases cases = PolicyTestRunner.parse("""
                cases:
                  - name: export needs two
                    intent: {action: db.export, targets: [pg://crm/customers]}
                    labels: {pg://crm/customers: [PII]}
                    expect: {effect: review, rules: [exports, pii], quorum: 2, approvers: [data-stewards]}
                  - name: read is allowed
                    intent: {action: db.read}
                    expect: {effect: allow, rules: []}
                  - name: expects review details of an allow
                    intent: {action: db.read}
                    expect: {quorum: 1}
                """, "c.yaml");

        List<PolicyTestRunner.Result> results = PolicyTestRunner.run(policy, cases);

        assertThat(results.get(0).passed()).isFalse();
        assertThat(results.get(0).failures()).containsExactly(
                "matched rules: expected [exports, pii], got [exports]",
                "quorum: expected 2, got 1");
        assertThat(results.get(1).passed()).isTrue();
        assertThat(results.get(2).failures()).containsExactly("review details were expected, but the effect is allow");
    }

    @Test
    void aBrokenCaseFileNamesTheLine() {
        assertThatThrownBy(() -> PolicyTestRunner.parse("""
                cases:
                  - name: x
                    intnet: {action: db.read}
                """, "broken.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("broken.yaml:3:").hasMessageContaining("intnet");
        assertThatThrownBy(() -> PolicyTestRunner.parse("unknownDatasetLabels: [X]\n", "empty.yaml"))
                .hasMessageContaining("no cases");
    }

    @Test
    void aCaseMayGiveTheIdentityProvidersProofOfThePrincipal() {
        Policy policy = PolicyLoader.parse("""
                defaultEffect: allow
                rules:
                  - id: unproven-export
                    condition: "intent.action == 'db.export' && (!principal.proven || principal.actor != intent.agent.id)"
                    effect: deny
                """, "p.yaml");
        PolicyTestRunner.Cases cases = PolicyTestRunner.parse("""
                cases:
                  - name: a proven principal may export
                    intent: {action: db.export, agent: {id: agent:etl}, principalProof: {issuer: https://idp.example.com, actor: agent:etl}}
                    expect: {effect: allow, rules: []}
                  - name: a proof for another agent is not enough
                    intent: {action: db.export, agent: {id: agent:etl}, principalProof: {issuer: https://idp.example.com, actor: agent:other}}
                    expect: {effect: deny, rules: [unproven-export]}
                  - name: a named principal is not proven
                    intent: {action: db.export, agent: {id: agent:etl}}
                    expect: {effect: deny, rules: [unproven-export]}
                """, "c.yaml");

        assertThat(PolicyTestRunner.run(policy, cases)).allSatisfy(r -> assertThat(r.failures()).as(r.name()).isEmpty());
    }
}
