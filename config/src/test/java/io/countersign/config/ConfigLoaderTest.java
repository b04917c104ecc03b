package io.countersign.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    private final EnvSubstitution env = new EnvSubstitution(Map.of("BOOT", "b1:9092,b2:9092")::get);

    @Test
    void noFileMeansDefaultsEverywhere() {
        ConfigLoader loader = ConfigLoader.load(null, env);
        assertThat(loader.section("kafka", KafkaSettings.class, KafkaSettings.DEFAULTS)).isEqualTo(KafkaSettings.DEFAULTS);
        assertThat(loader.origin()).isEqualTo("defaults");
    }

    @Test
    void bindsSectionsWithSubstitutionAndPassesKafkaPropertiesThroughUntouched() {
        ConfigLoader loader = ConfigLoader.parse("""
                kafka:
                  bootstrapServers: ${BOOT}
                  properties:
                    security.protocol: SASL_SSL
                    sasl.jaas.config: 'org.apache.kafka.common.security.scram.ScramLoginModule required username="u";'
                    linger.ms: 5
                """, "test.yaml", env);

        KafkaSettings kafka = loader.section("kafka", KafkaSettings.class, KafkaSettings.DEFAULTS);

        assertThat(kafka.bootstrapServers()).isEqualTo("b1:9092,b2:9092");
        assertThat(kafka.properties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("linger.ms", "5")
                .containsEntry("sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\";");
        assertThat(kafka.clientProperties(Map.of("group.id", "g")))
                .containsEntry("bootstrap.servers", "b1:9092,b2:9092")
                .containsEntry("group.id", "g")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void sectionOnlyNeedsTheKeysItChanges() {
        ConfigLoader loader = ConfigLoader.parse("registry:\n  username: svc\n", "test.yaml", env);
        RegistrySettings registry = loader.section("registry", RegistrySettings.class, RegistrySettings.DEFAULTS);
        assertThat(registry.url()).isEqualTo(RegistrySettings.DEFAULTS.url());
        assertThat(registry.username()).isEqualTo("svc");
    }

    @Test
    void unknownSettingIsRejectedWithItsPath() {
        ConfigLoader loader = ConfigLoader.parse("kafka:\n  bootstrapServer: x:9092\n", "test.yaml", env);
        assertThatThrownBy(() -> loader.section("kafka", KafkaSettings.class, KafkaSettings.DEFAULTS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown setting 'kafka.bootstrapServer'")
                .hasMessageContaining("bootstrapServers");
    }

    @Test
    void invalidYamlNamesTheLine() {
        assertThatThrownBy(() -> ConfigLoader.parse("kafka:\n  bootstrapServers: [unclosed\n", "bad.yaml", env))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("bad.yaml line");
    }

    @Test
    void invalidValueIsExplained() {
        ConfigLoader loader = ConfigLoader.parse("opensearch:\n  url: localhost:9200\n", "test.yaml", env);
        assertThatThrownBy(() -> loader.section("opensearch", OpenSearchSettings.class, OpenSearchSettings.DEFAULTS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("opensearch.url must be an http(s) URL");
    }

    @Test
    void missingFileIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void loadsAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("c.yaml"), "opensearch:\n  url: https://search:9200\n");
        assertThat(ConfigLoader.load(file, env).section("opensearch", OpenSearchSettings.class, OpenSearchSettings.DEFAULTS).url())
                .isEqualTo("https://search:9200");
    }

    @Test
    void passwordsNeverAppearInToString() {
        assertThat(new RegistrySettings("http://r", "u", "hunter2").toString()).doesNotContain("hunter2");
        assertThat(new OpenSearchSettings("http://o", "u", "hunter2").toString()).doesNotContain("hunter2");
    }
}
