package io.countersign.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CliHelpTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "init", "topics", "schemas", "schemas check", "audit", "audit verify", "policy", "policy check", "policy test", "keys", "keys create", "keys channel", "demo", "lineage", "lineage downstream", "lineage upstream", "lineage why", "dashboards", "dashboards serve", "dashboards add-user", "dashboards load-saved-objects"})
    void everyCommandHasHelp(String command) {
        String[] args = (command + " --help").split(" ");
        CliRun r = run(args);
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Usage: countersign " + command).contains("--help");
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        CliRun r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("up", "init", "topics", "schemas", "audit", "policy", "keys");
    }

    @Test
    void keysCreatePrintsTheKeyOnceAndStoresOnlyItsHash(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("keys.yaml");
        CliRun r = run("keys", "create", "--subject", "agent:exporter", "--owner", "user:olga@example.com", "--role", "agent", "--file", file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String key = r.out().strip();
        assertThat(key).startsWith("cs_");
        assertThat(java.nio.file.Files.readString(file)).doesNotContain(key).contains("agent:exporter");
        assertThat(io.countersign.ingest.adapter.out.ApiKeysFile.load(file).authenticate(key)).isPresent();
        CliRun bad = run("keys", "create", "--subject", "agent:x", "--role", "admin", "--file", file.toString());
        assertThat(bad.exit()).isEqualTo(64);
        assertThat(bad.err()).contains("Unknown role 'admin'").contains("label-producer");
        CliRun producer = run("keys", "create", "--subject", "service:datahub", "--owner", "user:carol@example.com", "--role", "lineage,label-producer",
                "--file", file.toString());
        assertThat(producer.exit()).as(producer.err()).isZero();
        assertThat(io.countersign.ingest.adapter.out.ApiKeysFile.load(file).authenticate(producer.out().strip()).orElseThrow()
                .has(io.countersign.ingest.domain.Role.LABEL_PRODUCER)).isTrue();
    }

    @Test
    void keysCreateRecordsThePrincipalsTheKeysIntentsMayName(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("keys.yaml");
        CliRun r = run("keys", "create", "--subject", "agent:assistant", "--owner", "user:olga@example.com", "--role", "agent",
                "--principal", "user:alice@example.com", "--file", file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        var credential = io.countersign.ingest.adapter.out.ApiKeysFile.load(file).authenticate(r.out().strip()).orElseThrow();
        assertThat(credential.mayActFor(io.countersign.approvals.domain.Identity.of("user:alice@example.com"))).isTrue();
        assertThat(credential.mayActFor(io.countersign.approvals.domain.Identity.of("user:bob@example.com"))).isFalse();
        CliRun bad = run("keys", "create", "--subject", "agent:x", "--role", "agent", "--principal", "*,user:a@b.c", "--file", file.toString());
        assertThat(bad.exit()).isEqualTo(64);
        assertThat(bad.err()).contains("cannot be combined");
    }

    @Test
    void keysCreateRecordsTheEnvironmentTheKeysIntentsRunIn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("keys.yaml");
        CliRun r = run("keys", "create", "--subject", "agent:sandbox", "--role", "agent", "--environment", "dev", "--file", file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(io.countersign.ingest.adapter.out.ApiKeysFile.load(file).authenticate(r.out().strip()).orElseThrow().environment())
                .hasToString("dev");
        CliRun bad = run("keys", "create", "--subject", "agent:x", "--role", "agent", "--environment", "Production", "--file", file.toString());
        assertThat(bad.exit()).isEqualTo(64);
        assertThat(bad.err()).contains("--environment must be");
    }

    @Test
    void keysChannelMakesAKeyPairWhoseSnippetsConfigureChannelAndPipeline(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        CliRun r = run("keys", "channel", "--channel", "api", "--out", dir.resolve("keys").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(dir.resolve("keys/api-decision-key.pem")))).isEqualTo("rw-------");
        assertThat(r.out()).doesNotContain("PRIVATE KEY");
        var cfg = io.countersign.config.ConfigLoader.parse(r.out(), "snippet", new io.countersign.config.EnvSubstitution(k -> null));
        var ingest = cfg.section("ingest", io.countersign.ingest.IngestConfig.class, io.countersign.ingest.IngestConfig.DEFAULTS);
        var pipeline = cfg.section("stream-processors", io.countersign.processors.StreamProcessorsConfig.class,
                io.countersign.processors.StreamProcessorsConfig.DEFAULTS);
        var decision = io.countersign.schema.ApprovalDecision.newBuilder().setDecisionId("d").setRequestId("r").setIntentId("i")
                .setIntentHash("h").setApprover("user:carol@example.com").setDecision(io.countersign.schema.DecisionKind.APPROVE)
                .setChannel("api").setDecidedAt(java.time.Instant.now()).build();
        var signed = ingest.decisionSigner().orElseThrow().sign(decision);
        assertThat(signed.getSigningKeyId()).startsWith("api-");
        assertThat(pipeline.trustedChannelKeys().check(signed)).isEmpty();
        signed.setChannel("slack");
        assertThat(pipeline.trustedChannelKeys().check(signed)).isPresent();

        CliRun again = run("keys", "channel", "--channel", "api", "--out", dir.resolve("keys").toString());
        assertThat(again.out()).isEqualTo(r.out());
        assertThat(again.err()).contains("Kept the existing key pair");
        assertThat(run("keys", "channel", "--channel", "../x", "--out", dir.toString()).exit()).isEqualTo(64);
    }

    @Test
    void topicsListsTheCatalogueWithoutACluster() {
        CliRun r = run("topics");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("countersign.intents", "countersign.audit", "forever", "compact", "ActionIntent");
    }

    @Test
    void unknownOptionIsAUsageErrorThatSaysWhat() {
        CliRun r = run("up", "--no-such-option");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void badConfigFileIsAClearConfigurationError() {
        CliRun r = run("topics", "--live", "--config", "/nonexistent/countersign.yaml");
        assertThat(r.exit()).isEqualTo(78);
        assertThat(r.err()).contains("configuration error").contains("/nonexistent/countersign.yaml");
    }
}
