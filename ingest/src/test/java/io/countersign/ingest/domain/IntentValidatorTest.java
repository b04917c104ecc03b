package io.countersign.ingest.domain;

import io.countersign.approvals.domain.Identity;
import io.countersign.schema.ActionIntent;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntentValidatorTest {

    private static final Credential AGENT = new Credential("key-1", Identity.of("agent:exporter"), Identity.of("user:olga@example.com"), Set.of(Role.AGENT));
    private final IntentValidator validator = new IntentValidator(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));

    /** Named fixture builder for request bodies: a valid export unless a test changes it. */
    static final class Body {
        String action = "db.export";
        String principal = "User:Alice@Example.com";
        List<String> chain;
        List<String> targets = List.of("pg://crm/customers");
        IntentRequest.DestinationRequest destination = new IntentRequest.DestinationRequest("s3://partner/x.csv", true);
        Map<String, String> parameters = Map.of("format", "csv");
        String environment;
        String key;

        IntentRequest build() {
            return new IntentRequest(action, principal, chain, targets, destination, parameters, "quarterly", environment, "langgraph", null, key);
        }
    }

    @Test
    void stampsTheAuthenticatedAgentAndCompletesTheChain() {
        ActionIntent intent = validator.validate(new Body().build(), AGENT, null);
        assertThat(intent.getAgent().getId()).isEqualTo("agent:exporter");
        assertThat(intent.getAgent().getOwner()).isEqualTo("user:olga@example.com");
        assertThat(intent.getPrincipal()).isEqualTo("user:alice@example.com");
        assertThat(intent.getDelegationChain()).containsExactly("user:alice@example.com", "agent:exporter");
        assertThat(intent.getEnvironment()).isEqualTo("prod");
        assertThat(intent.getOccurredAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(intent.getDestination().getExternal()).isTrue();
    }

    @Test
    void aChainThatDoesNotStartWithThePrincipalIsRefused() {
        Body b = new Body();
        b.chain = List.of("user:mallory@example.com", "agent:exporter");
        assertThatThrownBy(() -> validator.validate(b.build(), AGENT, null)).isInstanceOf(InvalidRequestException.class)
                .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("delegationChain[0]");
    }

    @Test
    void theSameIdempotencyKeyNamesTheSameIntentPerAgentOnly() {
        Body b = new Body();
        b.key = "k-1";
        String first = validator.validate(b.build(), AGENT, null).getIntentId();
        assertThat(validator.validate(b.build(), AGENT, "k-1").getIntentId()).isEqualTo(first);
        Credential other = new Credential("key-2", Identity.of("agent:other"), Identity.of("user:olga@example.com"), Set.of(Role.AGENT));
        assertThat(validator.validate(b.build(), other, null).getIntentId()).isNotEqualTo(first);
        assertThat(validator.validate(new Body().build(), AGENT, null).getIntentId())
                .isNotEqualTo(validator.validate(new Body().build(), AGENT, null).getIntentId());
    }

    @Test
    void everyBadFieldIsNamed() {
        assertField(b -> b.action = "DROP TABLE", "action");
        assertField(b -> b.action = null, "action");
        assertField(b -> b.principal = "alice", "principal");
        assertField(b -> b.targets = List.of(), "targets");
        assertField(b -> b.targets = List.of("pg://ok", "not a uri"), "targets[1]");
        assertField(b -> b.targets = List.of("relative/path"), "targets[0]");
        assertField(b -> b.destination = new IntentRequest.DestinationRequest(null, true), "destination.uri");
        assertField(b -> b.environment = "Prod Env", "environment");
        assertField(b -> b.parameters = Map.of("sql", "x".repeat(IntentValidator.MAX_PARAMETER_VALUE + 1)), "parameters.sql");
        assertField(b -> b.key = "has space", "idempotencyKey");
    }

    @Test
    void theEnvironmentIsTheKeysAndABodyNamingAnotherIsRefused() {
        Body production = new Body();
        production.environment = "production";
        assertThatThrownBy(() -> validator.validate(production.build(), AGENT, null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("differs from this API key's environment 'prod'").hasMessageNotContaining("production")
                .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("environment");
        Body same = new Body();
        same.environment = "prod";
        assertThat(validator.validate(same.build(), AGENT, null).getEnvironment()).isEqualTo("prod");

        Credential devAgent = new Credential("key-3", Identity.of("agent:sandbox"), Identity.of("user:olga@example.com"),
                Set.of(Role.AGENT), Environment.of("dev"));
        assertThat(validator.validate(new Body().build(), devAgent, null).getEnvironment()).isEqualTo("dev");
        Body claimsProd = new Body();
        claimsProd.environment = "prod";
        assertThatThrownBy(() -> validator.validate(claimsProd.build(), devAgent, null)).hasMessageContaining("'dev'");
    }

    @Test
    void keysWithoutAnEnvironmentGetTheGatewayDefault() {
        IntentValidator staging = new IntentValidator(Clock.systemUTC(), Environment.of("staging"));
        assertThat(staging.validate(new Body().build(), AGENT, null).getEnvironment()).isEqualTo("staging");
        Body dev = new Body();
        dev.environment = "dev";
        assertThatThrownBy(() -> staging.validate(dev.build(), AGENT, null)).hasMessageContaining("'staging'");
    }

    @Test
    void targetsAndDestinationAreWrittenInCanonicalForm() {
        Body b = new Body();
        b.targets = List.of("PG://CRM/customers/", "postgres://crm:5432/./Customers?sslmode=require", "s3://Lake//Claims/%32026/");
        b.destination = new IntentRequest.DestinationRequest("HTTPS://Partner.Example:443/drop/#x", true);
        ActionIntent intent = validator.validate(b.build(), AGENT, null);
        assertThat(intent.getTargets()).containsExactly("pg://crm/customers", "pg://crm/customers", "s3://lake/Claims/2026");
        assertThat(intent.getDestination().getUri()).isEqualTo("https://partner.example/drop");
    }

    @Test
    void uriWithoutASafeCanonicalFormIsRefusedNamingTheField() {
        assertField(b -> b.targets = List.of("pg://crm/customers", "pg://crm/cu%00stomers"), "targets[1]");
        assertField(b -> b.targets = List.of("pg://сrm/customers"), "targets[0]"); // Cyrillic с in a Latin host
        assertField(b -> b.targets = List.of("pg://admin:pw@crm/customers"), "targets[0]");
        assertField(b -> b.targets = List.of("pg://crm/../../customers"), "targets[0]");
        assertField(b -> b.destination = new IntentRequest.DestinationRequest("https://internal.corp@evil.example/x", true), "destination.uri");
    }

    @Test
    void headerAndBodyKeysMustAgree() {
        Body b = new Body();
        b.key = "a";
        assertThatThrownBy(() -> validator.validate(b.build(), AGENT, "b")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("differ");
    }

    @Test
    void messagesNeverEchoValues() {
        Body b = new Body();
        b.targets = List.of("secret-value with spaces");
        assertThatThrownBy(() -> validator.validate(b.build(), AGENT, null)).hasMessageNotContaining("secret-value");
    }

    private void assertField(java.util.function.Consumer<Body> change, String field) {
        Body b = new Body();
        change.accept(b);
        assertThatThrownBy(() -> validator.validate(b.build(), AGENT, null)).as(field).isInstanceOf(InvalidRequestException.class)
                .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo(field);
    }
}
