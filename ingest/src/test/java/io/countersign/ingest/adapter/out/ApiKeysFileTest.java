package io.countersign.ingest.adapter.out;

import io.countersign.approvals.domain.Identity;
import io.countersign.config.ConfigException;
import io.countersign.ingest.domain.ApiKeys;
import io.countersign.ingest.domain.Credential;
import io.countersign.ingest.domain.Environment;
import io.countersign.ingest.domain.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeysFileTest {

    @TempDir
    Path dir;

    @Test
    void keysAreStoredHashedAndAuthenticateTheirIdentity() throws Exception {
        Path file = dir.resolve("keys.yaml");
        String key = ApiKeys.generate();
        ApiKeysFile.add(file, new ApiKeysFile.Entry(ApiKeys.hash(key), "agent:exporter", "user:olga@example.com", List.of("agent"), null));
        assertThat(Files.readString(file)).doesNotContain(key).contains(ApiKeys.hash(key));
        ApiKeys keys = ApiKeysFile.load(file);
        Credential c = keys.authenticate(key).orElseThrow();
        assertThat(c.subject().value()).isEqualTo("agent:exporter");
        assertThat(c.owner().value()).isEqualTo("user:olga@example.com");
        assertThat(c.has(Role.AGENT)).isTrue();
        assertThat(c.has(Role.STEWARD)).isFalse();
        assertThat(c.toString()).doesNotContain(key);
        assertThat(keys.authenticate(key + "x")).isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
    }

    @Test
    void aKeyMayNameTheEnvironmentItsIntentsRunIn() throws Exception {
        Path file = dir.resolve("env.yaml");
        String dev = ApiKeys.generate();
        String plain = ApiKeys.generate();
        ApiKeysFile.add(file, new ApiKeysFile.Entry(ApiKeys.hash(dev), "agent:sandbox", "user:olga@example.com", List.of("agent"), "dev", null));
        ApiKeysFile.add(file, new ApiKeysFile.Entry(ApiKeys.hash(plain), "agent:exporter", null, List.of("agent"), null));
        assertThat(Files.readString(file)).contains("environment: \"dev\"");
        ApiKeys keys = ApiKeysFile.load(file);
        assertThat(keys.authenticate(dev).orElseThrow().environment()).isEqualTo(Environment.of("dev"));
        assertThat(keys.authenticate(plain).orElseThrow().environment()).as("the gateway's ingest.environment applies").isNull();

        Files.writeString(file, "keys:\n  - sha256: " + "a".repeat(64) + "\n    subject: agent:x\n    roles: [agent]\n    environment: Production\n");
        assertThatThrownBy(() -> ApiKeysFile.load(file)).isInstanceOf(ConfigException.class).hasMessageContaining("keys[0]")
                .hasMessageContaining("environment must be 1-32 lower-case letters");
    }

    @Test
    void aKeyMayNameItsOwnerAndThePrincipalsListedForItOrAnyoneWithAStar() throws Exception {
        Path file = dir.resolve("principals.yaml");
        String k1 = ApiKeys.generate();
        String k2 = ApiKeys.generate();
        String k3 = ApiKeys.generate();
        // A file written before keys had principals loads unchanged: its keys may name their owner only.
        Files.writeString(file, """
                keys:
                  - sha256: %s
                    subject: agent:exporter
                    owner: user:olga@example.com
                    roles: [agent]
                  - sha256: %s
                    subject: agent:assistant
                    owner: user:olga@example.com
                    roles: [agent]
                    principals: [user:alice@example.com, bob@example.com]
                  - sha256: %s
                    subject: agent:legacy
                    owner: user:olga@example.com
                    roles: [agent]
                    principals: ["*"]
                """.formatted(ApiKeys.hash(k1), ApiKeys.hash(k2), ApiKeys.hash(k3)));
        ApiKeys keys = ApiKeysFile.load(file);
        Identity olga = Identity.of("user:olga@example.com");
        Identity alice = Identity.of("user:alice@example.com");
        Identity bob = Identity.of("user:bob@example.com");

        Credential byDefault = keys.authenticate(k1).orElseThrow();
        assertThat(byDefault.mayActFor(olga)).isTrue();
        assertThat(byDefault.mayActFor(alice)).isFalse();
        Credential listed = keys.authenticate(k2).orElseThrow();
        assertThat(listed.mayActFor(alice)).isTrue();
        assertThat(listed.mayActFor(bob)).isTrue();
        assertThat(listed.mayActFor(olga)).isTrue();
        assertThat(listed.mayActFor(Identity.of("user:mallory@example.com"))).isFalse();
        assertThat(keys.authenticate(k3).orElseThrow().mayActFor(Identity.of("user:mallory@example.com"))).isTrue();

        Files.writeString(file, "keys:\n  - sha256: " + ApiKeys.hash(k1) + "\n    subject: agent:x\n    roles: [agent]\n    principals: ['*', user:a@b.c]\n");
        assertThatThrownBy(() -> ApiKeysFile.load(file)).isInstanceOf(ConfigException.class).hasMessageContaining("keys[0]")
                .hasMessageContaining("cannot be combined");
    }

    @Test
    void principalsAreWrittenForANewKey() throws Exception {
        Path file = dir.resolve("written.yaml");
        String key = ApiKeys.generate();
        ApiKeysFile.add(file, new ApiKeysFile.Entry(ApiKeys.hash(key), "agent:assistant", "user:olga@example.com", List.of("agent"), null,
                List.of("user:alice@example.com"), null));
        assertThat(ApiKeysFile.load(file).authenticate(key).orElseThrow().mayActFor(Identity.of("user:alice@example.com"))).isTrue();
    }

    @Test
    void onlyAKeyWithTheLabelProducerRoleIsTrustedForLabels() throws Exception {
        Path file = dir.resolve("producers.yaml");
        String trusted = ApiKeys.generate();
        String plain = ApiKeys.generate();
        ApiKeysFile.add(file, new ApiKeysFile.Entry(ApiKeys.hash(trusted), "service:datahub", "user:carol@example.com", List.of("lineage", "label-producer"), null));
        ApiKeysFile.add(file, new ApiKeysFile.Entry(ApiKeys.hash(plain), "service:airflow", "user:carol@example.com", List.of("lineage"), null));
        ApiKeys keys = ApiKeysFile.load(file);
        assertThat(keys.authenticate(trusted).orElseThrow().has(Role.LABEL_PRODUCER)).isTrue();
        assertThat(keys.authenticate(plain).orElseThrow().has(Role.LABEL_PRODUCER)).isFalse();
        assertThat(Role.parse("LABEL_PRODUCER")).isEqualTo(Role.LABEL_PRODUCER);
        assertThat(Role.names()).isEqualTo("agent, steward, approver, lineage, label-producer");
    }

    @Test
    void badEntriesAreRejectedWithTheirPosition() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "keys:\n  - sha256: not-a-hash\n    subject: agent:x\n    roles: [agent]\n");
        assertThatThrownBy(() -> ApiKeysFile.load(file)).isInstanceOf(ConfigException.class).hasMessageContaining("keys[0]").hasMessageContaining("sha256");
        Files.writeString(file, "keys:\n  - sha256: " + "a".repeat(64) + "\n    subject: agent:x\n    roles: [admin]\n");
        assertThatThrownBy(() -> ApiKeysFile.load(file)).hasMessageContaining("unknown role 'admin'");
        assertThatThrownBy(() -> ApiKeysFile.load(dir.resolve("missing.yaml"))).hasMessageContaining("countersign keys create");
    }

    @Test
    void generatedKeysAreLongAndDistinct() {
        String a = ApiKeys.generate();
        assertThat(a).startsWith(ApiKeys.PREFIX).hasSize(ApiKeys.PREFIX.length() + 43);
        assertThat(ApiKeys.generate()).isNotEqualTo(a);
    }
}
