package io.countersign.dashboards;

import io.countersign.config.ConfigException;
import io.countersign.config.ConfigLoader;
import io.countersign.config.EnvSubstitution;
import io.countersign.dashboards.domain.Role;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dashboards section's sign-in keys: the oidc block with the client secret from the environment, the session key. */
class DashboardsConfigTest {

    private static final String OIDC = """
            dashboards:
              sessionKey: ${DASHBOARDS_SESSION_KEY:-}
              oidc:
                issuer: https://login.example.com/realms/acme
                clientId: countersign-dashboards
                clientSecret: ${DASHBOARDS_OIDC_CLIENT_SECRET:-}
                redirectUrl: https://countersign.example.com/login/oidc/callback
                roles:
                  countersign-auditors: auditor
                  countersign-analysts: %s
            """;

    private static DashboardsConfig dashboards(String yaml, Map<String, String> env) {
        return ConfigLoader.parse(yaml, "test.yaml", new EnvSubstitution(env::get)).section("dashboards", DashboardsConfig.class, DashboardsConfig.DEFAULTS);
    }

    @Test
    void theOidcBlockBindsWithTheSecretFromTheEnvironmentAndTheClientIdAsAudience() {
        DashboardsConfig config = dashboards(OIDC.formatted("analyst"), Map.of("DASHBOARDS_OIDC_CLIENT_SECRET", "s3cret", "DASHBOARDS_SESSION_KEY", "a2V5"));
        assertThat(config.oidc().clientSecret()).isEqualTo("s3cret");
        assertThat(config.oidc().verification().audience()).isEqualTo("countersign-dashboards");
        assertThat(config.oidc().verification().algorithms()).containsExactly("RS256", "ES256");
        assertThat(config.oidc().scopes()).containsExactly("openid", "email", "profile");
        assertThat(config.oidc().groupRoles()).isEqualTo(Map.of("countersign-auditors", Role.AUDITOR, "countersign-analysts", Role.ANALYST));
        assertThat(config.sessionKey()).isEqualTo("a2V5");

        DashboardsConfig publicClient = dashboards(OIDC.formatted("analyst"), Map.of());
        assertThat(publicClient.oidc().clientSecret()).as("no secret: a public client").isNull();
        assertThat(publicClient.sessionKey()).isNull();
        assertThat(dashboards("dashboards: {}\n", Map.of())).isEqualTo(DashboardsConfig.DEFAULTS);
    }

    @Test
    void anUnknownRoleOrAMissingRedirectIsRefused() {
        assertThatThrownBy(() -> dashboards(OIDC.formatted("admin"), Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown role 'admin'");
        assertThatThrownBy(() -> dashboards(OIDC.formatted("analyst").replace("/login/oidc/callback", "/callback"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("/login/oidc/callback");
    }
}
