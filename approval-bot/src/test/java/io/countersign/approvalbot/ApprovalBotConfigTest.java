package io.countersign.approvalbot;

import io.countersign.config.ConfigException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApprovalBotConfigTest {

    @Test
    void slackIsOffWithoutATokenAndATokenNeedsItsSigningSecret() {
        assertThat(ApprovalBotConfig.DEFAULTS.slackEnabled()).isFalse();
        assertThat(new ApprovalBotConfig("", "", null, false, null, null, 3000, null, null, null, null, null).slackEnabled()).isFalse();
        assertThatThrownBy(() -> new ApprovalBotConfig("xoxb-1", null, null, false, null, null, 3000, null, null, null, null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("signingSecret");
        ApprovalBotConfig on = new ApprovalBotConfig("xoxb-secret-token", "s3cr3t", null, false, null, null, 3000, null, null, null, null, null);
        assertThat(on.slackEnabled()).isTrue();
        assertThat(on.toString()).doesNotContain("xoxb-secret-token").doesNotContain("s3cr3t");
    }

    @Test
    void theDashboardsUrlDefaultsToLoopbackAndMustBeHttp() {
        assertThat(ApprovalBotConfig.DEFAULTS.dashboardsUrl()).isEqualTo("http://127.0.0.1:8090/");
        assertThat(new ApprovalBotConfig(null, null, null, false, null, null, 3000, null, null, " https://cs.example.com/ ", null, null).dashboardsUrl())
                .isEqualTo("https://cs.example.com/");
        assertThatThrownBy(() -> new ApprovalBotConfig(null, null, null, false, null, null, 3000, null, null, "javascript:alert(1)", null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dashboardsUrl");
    }

    @Test
    void slackNeedsADecisionSigningKeyAndItsIdTogether() {
        ApprovalBotConfig on = new ApprovalBotConfig("xoxb-1", "s3cr3t", null, false, null, null, 3000, null, null, null, null, null);
        assertThatThrownBy(on::decisionSigner).isInstanceOf(ConfigException.class).hasMessageContaining("countersign keys channel");
        assertThatThrownBy(() -> new ApprovalBotConfig("xoxb-1", "s3cr3t", null, false, null, null, 3000, null, null, null, "/k.pem", null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("decisionKeyId");
    }
}
