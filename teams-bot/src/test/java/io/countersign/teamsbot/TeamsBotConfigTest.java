package io.countersign.teamsbot;

import io.countersign.config.ConfigException;
import io.countersign.config.ConfigLoader;
import io.countersign.config.EnvSubstitution;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TeamsBotConfigTest {

    private static TeamsBotConfig load(String yaml, Map<String, String> env) {
        return ConfigLoader.parse(yaml, "test.yaml", new EnvSubstitution(env::get)).section("teams-bot", TeamsBotConfig.class, TeamsBotConfig.DEFAULTS);
    }

    @Test
    void teamsIsOffByDefaultOnLoopbackWithMicrosoftsEndpoints() {
        TeamsBotConfig c = load("", Map.of());
        assertThat(c.teamsEnabled()).isFalse();
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(3978);
        assertThat(c.openIdMetadataUrl()).isEqualTo("https://login.botframework.com/v1/.well-known/openidconfiguration");
        assertThat(c.tokenUrl()).isEqualTo("https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token");
        assertThat(c.postsToChannel()).isFalse();
    }

    @Test
    void theSectionReadsItsSecretsFromTheEnvironmentAndNeverPrintsThem() {
        TeamsBotConfig c = load("""
                teams-bot:
                  appId: ${TEAMS_APP_ID:-}
                  appPassword: ${TEAMS_APP_PASSWORD:-}
                  tenantId: ${TEAMS_TENANT_ID:-}
                  teamId: ${TEAMS_TEAM_ID:-}
                  channelId: ${TEAMS_CHANNEL_ID:-}
                """, Map.of("TEAMS_APP_ID", "app-1", "TEAMS_APP_PASSWORD", "pa55-w0rd", "TEAMS_TENANT_ID", "tenant-1",
                "TEAMS_TEAM_ID", "19:team@thread.tacv2", "TEAMS_CHANNEL_ID", "19:chan@thread.tacv2"));
        assertThat(c.teamsEnabled()).isTrue();
        assertThat(c.appPassword()).isEqualTo("pa55-w0rd");
        assertThat(c.tenantId()).isEqualTo("tenant-1");
        assertThat(c.postsToChannel()).isTrue();
        assertThat(c.toString()).contains("app-1").doesNotContain("pa55-w0rd");
    }

    @Test
    void anAppIdNeedsItsPasswordAndATeamItsChannel() {
        assertThatThrownBy(() -> load("teams-bot:\n  appId: app-1\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("appPassword");
        assertThatThrownBy(() -> new TeamsBotConfig(null, null, null, null, null, null, 3978, null, "19:team@thread.tacv2", null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("channelId");
        assertThatThrownBy(() -> new TeamsBotConfig(null, null, null, "file:///etc/keys", null, null, 3978, null, null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("openIdMetadataUrl");
        assertThatThrownBy(() -> load("teams-bot:\n  appPasword: x\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("appPasword");
    }

    @Test
    void theDocumentedSectionInTheExampleFileLoads() {
        TeamsBotConfig c = ConfigLoader.load(Path.of("..", "countersign.example.yaml"), new EnvSubstitution(k -> null))
                .section("teams-bot", TeamsBotConfig.class, TeamsBotConfig.DEFAULTS);
        assertThat(c).isEqualTo(TeamsBotConfig.DEFAULTS);
    }
}
