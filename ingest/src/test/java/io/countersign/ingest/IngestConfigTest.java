package io.countersign.ingest;

import io.countersign.config.ConfigException;
import io.countersign.config.ConfigLoader;
import io.countersign.config.EnvSubstitution;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestConfigTest {

    private static IngestConfig ingest(String yaml) {
        return ConfigLoader.parse(yaml, "test.yaml", new EnvSubstitution(k -> null)).section("ingest", IngestConfig.class, IngestConfig.DEFAULTS);
    }

    @Test
    void theOidcSectionBindsWithItsDefaults() {
        IngestConfig config = ingest("""
                ingest:
                  oidc:
                    issuer: https://login.example.com/realms/acme
                    audience: countersign
                """);
        assertThat(config.oidc().issuer()).isEqualTo("https://login.example.com/realms/acme");
        assertThat(config.oidc().algorithms()).containsExactly("RS256", "ES256");
        assertThat(config.oidc().identityClaim()).isEqualTo("email");
        assertThat(config.oidc().groupsClaim()).isEqualTo("groups");
        assertThat(ingest("ingest: {}\n").oidc()).as("API keys only").isNull();
    }

    @Test
    void anOidcSectionAcceptingUnsignedOrHmacTokensIsRefused() {
        assertThatThrownBy(() -> ingest("""
                ingest:
                  oidc:
                    issuer: https://login.example.com/realms/acme
                    audience: countersign
                    algorithms: [none]
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("never none");
    }
}
