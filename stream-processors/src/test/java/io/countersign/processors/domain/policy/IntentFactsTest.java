package io.countersign.processors.domain.policy;

import io.countersign.schema.ActionIntent;
import io.countersign.schema.Effect;
import io.countersign.schema.MatchedRule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.countersign.processors.domain.policy.PolicyIntentFixture.anIntent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Facts the agent cannot claim: external destinations, environments and actions, derived by the policy. */
class IntentFactsTest {

    private static final String POLICY = """
            defaultEffect: allow
            internalDestinations:
              - s3://acme-*/**
              - pg://*.internal.acme.com/**
              - https://*.acme.com/**
            environments: [prod, staging, dev]
            actions: [db.read, db.export, "iam.**"]
            rules:
              - id: pii-leaves
                condition: "intent.destination.external && 'PII' in labels"
                effect: review
                approvers: [data-stewards]
              - id: secret-leaves
                condition: "intent.destination.external && 'SECRET' in labels"
                effect: deny
              - id: iam-in-prod
                condition: intent.action.startsWith('iam.') && env == 'prod'
                effect: review
                approvers: [security-oncall]
              - id: exports-inside
                condition: intent.action.endsWith('.export') && !intent.destination.external
                effect: allow
            """;
    private static final Map<String, List<String>> PII = Map.of("pg://crm/customers", List.of("PII"));

    private final Policy policy = PolicyLoader.parse(POLICY, "facts.yaml");

    private static List<String> ids(PolicyDecision d) {
        return d.matched().stream().map(MatchedRule::getId).toList();
    }

    private boolean external(String uri) {
        ActionIntent derived = policy.withDerivedFacts(anIntent().destination(uri, false).build());
        return derived.getDestination().getExternal();
    }

    @Test
    void anAgentClaimingInternalForAnotherAccountsBucketIsNotBelieved() {
        PolicyDecision pii = policy.evaluate(anIntent().action("db.export").destination("s3://other-account/x", false).build(), PII);
        assertThat(pii.effect()).isEqualTo(Effect.REVIEW);
        assertThat(ids(pii)).containsExactly("pii-leaves");

        PolicyDecision secret = policy.evaluate(anIntent().action("db.export").destination("s3://other-account/x", false).build(),
                Map.of("vault://prod/keys", List.of("SECRET")));
        assertThat(secret.effect()).isEqualTo(Effect.DENY);
    }

    @Test
    void anAgentClaimingExternalForItsOwnBucketDoesNotChangeTheAnswerEither() {
        PolicyDecision d = policy.evaluate(anIntent().action("db.export").destination("s3://acme-lake/exports/q3.csv", true).build(), PII);
        assertThat(d.effect()).isEqualTo(Effect.ALLOW);
        assertThat(ids(d)).containsExactly("exports-inside");
    }

    @Test
    void internalPatternsMatchTheCanonicalUri() {
        assertThat(external("s3://acme-lake/a/b.csv")).isFalse();
        assertThat(external("s3://acme-lake")).isFalse();
        assertThat(external("S3://ACME-Lake/x")).isFalse();
        assertThat(external("pg://db1.internal.acme.com/crm/customers")).isFalse();
        assertThat(external("pg://db1.internal.acme.com:5432/crm")).isFalse();
        assertThat(external("https://files.acme.com/upload")).isFalse();

        assertThat(external("s3://other-account/x")).isTrue();
        assertThat(external("s3://acme/x")).isTrue();
        assertThat(external("https://acme.com.evil.example/upload")).isTrue();
        assertThat(external("https://files.acme.com@evil.example/upload")).isTrue();
        assertThat(external("https://x@evil.example#.acme.com/")).isTrue();
        assertThat(external("https://evil.example/files.acme.com/")).isTrue();
        assertThat(external("file:///tmp/out.csv")).isTrue();
        assertThat(external("not a uri")).isTrue();
    }

    @Test
    void aPathPatternCannotBeLeftThroughDotDot() {
        Policy shared = PolicyLoader.parse("""
                internalDestinations: [s3://shared/acme/**]
                rules: []
                """, "shared.yaml");
        ActionIntent inside = anIntent().destination("s3://shared/acme/out.csv", true).build();
        ActionIntent escape = anIntent().destination("s3://shared/acme/../evil/out.csv", false).build();
        ActionIntent encoded = anIntent().destination("s3://shared/acme/%2e%2e/evil/out.csv", false).build();
        assertThat(shared.withDerivedFacts(inside).getDestination().getExternal()).isFalse();
        assertThat(shared.withDerivedFacts(escape).getDestination().getExternal()).isTrue();
        assertThat(shared.withDerivedFacts(encoded).getDestination().getExternal()).isTrue();
    }

    @Test
    void withoutInternalDestinationsEveryDestinationIsExternalAndNoDestinationIsNot() {
        Policy plain = PolicyLoader.parse("rules: []", "plain.yaml");
        assertThat(plain.withDerivedFacts(anIntent().destination("s3://acme-lake/x", false).build()).getDestination().getExternal()).isTrue();
        assertThat(plain.withDerivedFacts(anIntent().build()).getDestination()).isNull();
    }

    @Test
    void anUndeclaredEnvironmentIsTreatedAsProd() {
        PolicyDecision d = policy.evaluate(anIntent().action("iam.role.grant").env("production").build(), Map.of());
        assertThat(d.effect()).isEqualTo(Effect.REVIEW);
        assertThat(ids(d)).containsExactly("iam-in-prod");
        assertThat(policy.evaluate(anIntent().action("iam.role.grant").env("dev").build(), Map.of()).effect()).isEqualTo(Effect.ALLOW);
    }

    @Test
    void anActionOutsideTheVocabularyCannotSlipPastSuffixRules() {
        PolicyDecision alias = policy.evaluate(anIntent().action("db.export.csv").destination("s3://acme-lake/x", false).build(), Map.of());
        assertThat(alias.effect()).isEqualTo(Effect.REVIEW);
        assertThat(ids(alias)).containsExactly("unknown-action");
        assertThat(alias.matched().get(0).getDescription()).contains("not in the policy's actions list");
        assertThat(alias.review().approverGroups()).containsExactly("security-oncall");

        assertThat(policy.evaluate(anIntent().action("iam.role.grant").env("dev").build(), Map.of()).matched()).isEmpty();

        Policy strict = PolicyLoader.parse("""
                actions: [db.read]
                unknownActions: deny
                rules: []
                """, "strict.yaml");
        assertThat(strict.evaluate(anIntent().action("db.reads").build(), Map.of()).effect()).isEqualTo(Effect.DENY);
        assertThat(strict.evaluate(anIntent().action("db.read").build(), Map.of()).effect()).isEqualTo(Effect.REVIEW);
    }

    @Test
    void factSettingsAreCheckedWhenThePolicyLoads() {
        assertThatThrownBy(() -> PolicyLoader.parse("""
                internalDestinations: [acme-lake, "s3://**/x"]
                environments: [prod, Production]
                unknownEnvironment: qa
                unknownActions: allow
                rules:
                  - id: unknown-action
                    condition: "true"
                    effect: allow
                """, "bad.yaml"))
                .isInstanceOfSatisfying(PolicyLoadException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).contains("'acme-lake' must look like scheme://host/path"))
                        .anySatisfy(p -> assertThat(p).contains("'s3://**/x'"))
                        .anySatisfy(p -> assertThat(p).contains("environments: 'Production'"))
                        .anySatisfy(p -> assertThat(p).contains("unknownEnvironment 'qa' must be one of"))
                        .anySatisfy(p -> assertThat(p).contains("unknownActions needs an actions list"))
                        .anySatisfy(p -> assertThat(p).contains("rule unknown-action").contains("reserved")));
        assertThatThrownBy(() -> PolicyLoader.parse("actions: [db.read]\nunknownActions: allow\nrules: []", "allow.yaml"))
                .hasMessageContaining("unknownActions must be review or deny");
    }
}
