package io.countersign.processors.domain.policy;

import io.countersign.schema.ActionIntent;
import io.countersign.schema.Effect;
import io.countersign.schema.MatchedRule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.countersign.processors.domain.policy.PolicyIntentFixture.anIntent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyTest {

    private static final String LAYERED = """
            defaultEffect: allow
            rules:
              - id: exports-need-stewards
                condition: intent.action.endsWith('.export')
                effect: review
                approvers: [data-stewards]
                quorum: 2
                ttl: 2h
                mask: [where]
              - id: pii-needs-privacy
                condition: "'PII' in labels"
                effect: review
                approvers: [privacy]
                quorum: 1
                requireReason: true
                stepUp: true
                ttl: 30m
                mask: [email]
              - id: reads-are-fine
                condition: intent.action.endsWith('.read')
                effect: allow
              - id: no-secrets-out
                condition: "'SECRET' in labels && intent.destination.external"
                effect: deny
            """;

    private final Policy policy = PolicyLoader.parse(LAYERED, "layered.yaml");

    private static List<String> ids(PolicyDecision d) {
        return d.matched().stream().map(MatchedRule::getId).toList();
    }

    @Test
    void theMostRestrictiveMatchingRuleWinsAndEveryMatchIsListed() {
        ActionIntent intent = anIntent().action("db.export").external("s3://out").build();
        PolicyDecision d = policy.evaluate(intent, Map.of("pg://crm/customers", List.of("SECRET", "PII")));

        assertThat(d.effect()).isEqualTo(Effect.DENY);
        assertThat(ids(d)).containsExactly("exports-need-stewards", "pii-needs-privacy", "no-secrets-out");
        assertThat(d.review()).isNull();
        assertThat(d.policyVersion()).isEqualTo(policy.version());
    }

    @Test
    void reviewsCombineGroupsHighestQuorumShortestTtlAndAllMasks() {
        ActionIntent intent = anIntent().action("db.export").build();
        PolicyDecision d = policy.evaluate(intent, Map.of("pg://crm/customers", List.of("PII")));

        assertThat(d.effect()).isEqualTo(Effect.REVIEW);
        assertThat(d.review().approverGroups()).containsExactly("data-stewards", "privacy");
        assertThat(d.review().quorum()).isEqualTo(2);
        assertThat(d.review().ttl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(d.review().requireReason()).isTrue();
        assertThat(d.review().mask()).containsExactlyInAnyOrder("where", "email");
        assertThat(d.review().stepUp()).as("one rule asking for step-up is enough").isTrue();
        assertThat(policy.evaluate(anIntent().action("db.export").build(), Map.of()).review().stepUp()).isFalse();
    }

    @Test
    void reviewBeatsAllow() {
        PolicyDecision d = policy.evaluate(anIntent().action("db.read").build(), Map.of("pg://crm/customers", List.of("PII")));
        assertThat(d.effect()).isEqualTo(Effect.REVIEW);
        assertThat(ids(d)).containsExactly("pii-needs-privacy", "reads-are-fine");
    }

    @Test
    void theDefaultEffectAppliesWhenNothingMatches() {
        PolicyDecision allow = policy.evaluate(anIntent().action("infra.plan").build(), Map.of());
        assertThat(allow.effect()).isEqualTo(Effect.ALLOW);
        assertThat(allow.matched()).isEmpty();

        Policy strict = PolicyLoader.parse("""
                defaultEffect: review
                defaultReview: {approvers: [security-oncall], quorum: 1, ttl: 10m}
                rules: []
                """, "strict.yaml");
        PolicyDecision review = strict.evaluate(anIntent().action("infra.plan").build(), Map.of());
        assertThat(review.effect()).isEqualTo(Effect.REVIEW);
        assertThat(review.review().approverGroups()).containsExactly("security-oncall");
        assertThat(review.review().ttl()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theVersionIsTheContentHash() {
        assertThat(PolicyLoader.parse(LAYERED, "a.yaml").version()).isEqualTo(policy.version()).hasSize(64);
        assertThat(PolicyLoader.parse(LAYERED + "\n# edited\n", "a.yaml").version()).isNotEqualTo(policy.version());
    }

    @Test
    void aRuleThatFailsAtRuntimeAsksForReviewInsteadOfBeingSkipped() {
        Policy p = PolicyLoader.parse("""
                defaultEffect: allow
                rules:
                  - id: needs-ticket
                    condition: intent.parameters['ticket'] == 'none'
                    effect: deny
                """, "runtime.yaml");
        PolicyDecision d = p.evaluate(anIntent().action("db.read").build(), Map.of());
        assertThat(d.effect()).isEqualTo(Effect.REVIEW);
        assertThat(d.matched()).singleElement().satisfies(m -> {
            assertThat(m.getId()).isEqualTo("needs-ticket");
            assertThat(m.getDescription()).contains("evaluation failed");
        });
    }

    @Test
    void perTargetLabelsAreAvailableAsResource() {
        Policy p = PolicyLoader.parse("""
                defaultEffect: allow
                rules:
                  - id: any-target-phi
                    condition: intent.targets.exists(t, 'PHI' in resource[t])
                    effect: deny
                """, "resource.yaml");
        ActionIntent intent = anIntent().targets("s3://lake/claims", "s3://lake/web").build();
        assertThat(p.evaluate(intent, Map.of("s3://lake/claims", List.of("PHI"), "s3://lake/web", List.of("PUBLIC"))).effect())
                .isEqualTo(Effect.DENY);
        assertThat(p.evaluate(intent, Map.of("s3://lake/claims", List.of("PII"), "s3://lake/web", List.of("PUBLIC"))).effect())
                .isEqualTo(Effect.ALLOW);
    }

    @Test
    void aConditionThatDoesNotCompileIsRejectedWithFileLineRuleAndCelError() {
        String yaml = """
                defaultEffect: allow
                rules:
                  - id: fine
                    condition: env == 'prod'
                    effect: deny
                  - id: typo
                    condition: intnt.action == 'db.export'
                    effect: deny
                """;
        assertThatThrownBy(() -> PolicyLoader.parse(yaml, "typo.yaml"))
                .isInstanceOf(PolicyLoadException.class)
                .satisfies(e -> assertThat(((PolicyLoadException) e).problems()).singleElement().asString()
                        .startsWith("typo.yaml:6: rule typo:").contains("undeclared reference to 'intnt'"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String yaml = """
                defaultEffect: maybe
                rules:
                  - id: not-bool
                    condition: env + '-cluster'
                    effect: deny
                  - id: no-approvers
                    condition: "true"
                    effect: review
                  - id: bad-ttl
                    condition: "true"
                    effect: review
                    approvers: [x]
                    ttl: soon
                  - id: bad-ttl
                    condition: "true"
                    effect: allow
                """;
        assertThatThrownBy(() -> PolicyLoader.parse(yaml, "many.yaml"))
                .isInstanceOfSatisfying(PolicyLoadException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).contains("defaultEffect").contains("allow, review or deny"))
                        .anySatisfy(p -> assertThat(p).startsWith("many.yaml:3: rule not-bool").contains("true or false"))
                        .anySatisfy(p -> assertThat(p).contains("rule no-approvers").contains("needs approvers"))
                        .anySatisfy(p -> assertThat(p).contains("rule bad-ttl").contains("ttl 'soon'"))
                        .anySatisfy(p -> assertThat(p).contains("duplicate rule id")));
    }

    @Test
    void unknownKeysAreRejectedWithTheirLine() {
        assertThatThrownBy(() -> PolicyLoader.parse("""
                defaultEffect: allow
                rules:
                  - id: r
                    condition: "true"
                    efect: deny
                """, "keys.yaml"))
                .isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining("keys.yaml:5: unknown key 'efect'; expected one of [").hasMessageContaining("effect");
    }

    @Test
    void misspeltIntentFieldsAreRejectedAtLoadNotAtEvaluation() {
        assertThatThrownBy(() -> PolicyLoader.parse("""
                defaultEffect: allow
                rules:
                  - id: typo
                    condition: intent.acton == 'db.export' && 'intent.nope' != agent.id
                    effect: deny
                  - id: nested
                    condition: intent.destination.externl || intent.agent.ownr == ''
                    effect: deny
                """, "fields.yaml"))
                .isInstanceOfSatisfying(PolicyLoadException.class, e -> assertThat(e.problems()).containsExactly(
                        "fields.yaml:3: rule typo: intent has no field 'acton'; it has [action, agent, delegationChain, destination, environment, parameters, principal, principalProven, reason, targets]",
                        "fields.yaml:6: rule nested: intent.destination has no field 'externl'; it has [external, uri]",
                        "fields.yaml:6: rule nested: intent.agent has no field 'ownr'; it has [framework, id, model, owner]"));
        // Parameters are a free map: any key is fine there.
        assertThat(PolicyLoader.parse("""
                rules:
                  - id: p
                    condition: "'ticket' in intent.parameters && intent.parameters.ticket != ''"
                    effect: allow
                """, "params.yaml").size()).isEqualTo(1);
    }

    @Test
    void principalIsAMapAndItsOldStringFormIsRefusedWithTheFix() {
        assertThatThrownBy(() -> PolicyLoader.parse("""
                rules:
                  - id: old-form
                    condition: principal == 'user:alice@example.com'
                    effect: deny
                  - id: typo
                    condition: principal.provn
                    effect: deny
                """, "principal.yaml"))
                .isInstanceOfSatisfying(PolicyLoadException.class, e -> assertThat(e.problems()).containsExactly(
                        "principal.yaml:2: rule old-form: principal is a map of id, proven, issuer and actor: compare principal.id"
                                + " (or intent.principal) with a string; see UPGRADING.md",
                        "principal.yaml:5: rule typo: principal has no field 'provn'; it has [actor, id, issuer, proven]"));
        // A string literal that mentions principal, and intent.principal, are not the variable.
        Policy policy = PolicyLoader.parse("""
                defaultEffect: allow
                rules:
                  - id: alice-unproven
                    condition: "principal.id == 'user:alice@example.com' && !principal.proven && intent.principal != 'principal'"
                    effect: deny
                """, "principal.yaml");
        assertThat(policy.evaluate(anIntent().build(), Map.of()).effect()).isEqualTo(Effect.DENY);
    }
}
