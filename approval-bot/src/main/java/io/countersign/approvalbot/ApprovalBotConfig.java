package io.countersign.approvalbot;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.countersign.approvals.domain.StepUpLinkConfig;
import io.countersign.config.ConfigException;
import io.countersign.contracts.signing.DecisionSignature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code approval-bot:} section of countersign.yaml. Slack is enabled when a bot token is set;
 * the token and signing secret belong in the environment, never in the file.
 *
 * <pre>
 * approval-bot:
 *   botToken: ${SLACK_BOT_TOKEN:-}            # xoxb-...; empty disables Slack
 *   signingSecret: ${SLACK_SIGNING_SECRET:-}  # verifies every request from Slack
 *   defaultChannel: "#countersign-approvals"  # when the policy names no route
 *   groupChannels:                            # per approver group, when the rule names no route
 *     security-oncall: "#security-approvals"
 *   directMessages: false                     # true: each eligible approver gets the request as a DM instead
 *   host: 127.0.0.1
 *   port: 3000                                # Slack's Request URL: https://your-host/slack/events
 *   slackApiUrl: https://slack.com/api/       # a proxy, or a loopback fake in tests
 *   stateFile: .countersign/data/slack-messages.json
 *   dashboardsUrl: http://127.0.0.1:8090/     # messages link each intent's full, masked record here
 *   decisionSigningKey: /etc/countersign/keys/slack-decision-key.pem  # Ed25519 key the bot signs decisions with;
 *   decisionKeyId: slack-3f9c2a4b1d0e8f76                              # both from `countersign keys channel --channel slack`
 *   notifyRequesters: true                    # DM the principal (the human the agent acts for) the outcome
 *   stepUp:                                   # optional: Approve on a step-up request answers with a one-time link
 *     linkKeyFile: /etc/countersign/keys/step-up-link.key   # shared with ingest.stepUp (countersign keys step-up)
 *     dashboardsUrl: https://countersign.example.com/
 * </pre>
 *
 * {@code dashboardsUrl} is the dashboards' address as approvers reach it: a card cut to Slack's limits,
 * or one Slack refused, links {@code <dashboardsUrl>#/intents/<intent id>}; the blast radius line links each
 * target's {@code <dashboardsUrl>#/datasets/<uri>}. The blast radius itself is configured in the shared
 * {@code blastRadius:} section ({@code BlastRadiusConfig}), read by the service alongside this one.
 *
 * <p>With Slack enabled, the decision signing key is required: the pipeline rejects any decision not signed
 * by a channel key it trusts ({@code stream-processors.channelKeys}, channel {@code slack}).
 */
public record ApprovalBotConfig(
        @JsonProperty("botToken") String botToken,
        @JsonProperty("signingSecret") String signingSecret,
        @JsonProperty("defaultChannel") String defaultChannel,
        @JsonProperty("directMessages") boolean directMessages,
        @JsonProperty("groupChannels") Map<String, String> groupChannels,
        @JsonProperty("host") String host,
        @JsonProperty("port") int port,
        @JsonProperty("slackApiUrl") String slackApiUrl,
        @JsonProperty("stateFile") String stateFile,
        @JsonProperty("dashboardsUrl") String dashboardsUrl,
        @JsonProperty("decisionSigningKey") String decisionSigningKey,
        @JsonProperty("decisionKeyId") String decisionKeyId,
        @JsonProperty("notifyRequesters") Boolean notifyRequesters,
        @JsonProperty("stepUp") StepUpLinkConfig stepUp) {

    /** Without step-up links. */
    public ApprovalBotConfig(String botToken, String signingSecret, String defaultChannel, boolean directMessages,
                             Map<String, String> groupChannels, String host, int port, String slackApiUrl, String stateFile,
                             String dashboardsUrl, String decisionSigningKey, String decisionKeyId, Boolean notifyRequesters) {
        this(botToken, signingSecret, defaultChannel, directMessages, groupChannels, host, port, slackApiUrl, stateFile, dashboardsUrl,
                decisionSigningKey, decisionKeyId, notifyRequesters, null);
    }

    public static final String DEFAULT_DASHBOARDS_URL = "http://127.0.0.1:8090/";
    public static final ApprovalBotConfig DEFAULTS = new ApprovalBotConfig(null, null, "#countersign-approvals", false, Map.of(), "127.0.0.1", 3000,
            "https://slack.com/api/", ".countersign/data/slack-messages.json", DEFAULT_DASHBOARDS_URL, null, null, true);

    /** Telling requesters the outcome (the default). */
    public ApprovalBotConfig(String botToken, String signingSecret, String defaultChannel, boolean directMessages,
                             Map<String, String> groupChannels, String host, int port, String slackApiUrl, String stateFile,
                             String dashboardsUrl, String decisionSigningKey, String decisionKeyId) {
        this(botToken, signingSecret, defaultChannel, directMessages, groupChannels, host, port, slackApiUrl, stateFile, dashboardsUrl,
                decisionSigningKey, decisionKeyId, null);
    }

    /** Without {@code dashboardsUrl} (the default dashboards address) and without a decision signing key. */
    public ApprovalBotConfig(String botToken, String signingSecret, String defaultChannel, boolean directMessages,
                             Map<String, String> groupChannels, String host, int port, String slackApiUrl, String stateFile) {
        this(botToken, signingSecret, defaultChannel, directMessages, groupChannels, host, port, slackApiUrl, stateFile, null, null, null, null);
    }

    public ApprovalBotConfig {
        botToken = blankToNull(botToken);
        signingSecret = blankToNull(signingSecret);
        defaultChannel = defaultChannel == null || defaultChannel.isBlank() ? "#countersign-approvals" : defaultChannel;
        groupChannels = groupChannels == null ? Map.of() : Map.copyOf(groupChannels);
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        slackApiUrl = slackApiUrl == null || slackApiUrl.isBlank() ? "https://slack.com/api/" : slackApiUrl;
        stateFile = stateFile == null || stateFile.isBlank() ? ".countersign/data/slack-messages.json" : stateFile;
        dashboardsUrl = dashboardsUrl == null || dashboardsUrl.isBlank() ? DEFAULT_DASHBOARDS_URL : dashboardsUrl.strip();
        if (!dashboardsUrl.startsWith("https://") && !dashboardsUrl.startsWith("http://")) {
            throw new ConfigException("approval-bot.dashboardsUrl must be an http(s) URL, the dashboards' address as approvers reach it"
                    + " (e.g. https://countersign.example.com/)");
        }
        if (botToken != null && signingSecret == null) {
            throw new ConfigException("approval-bot.signingSecret is required with a botToken: every request from Slack is verified with it"
                    + " (Slack app settings > Basic Information > Signing Secret)");
        }
        decisionSigningKey = blankToNull(decisionSigningKey);
        decisionKeyId = blankToNull(decisionKeyId);
        if ((decisionSigningKey == null) != (decisionKeyId == null)) {
            throw new ConfigException("approval-bot.decisionSigningKey and approval-bot.decisionKeyId go together:"
                    + " `countersign keys channel --channel slack` makes the key file and prints its id");
        }
        if (port < 0 || port > 65_535) {
            throw new ConfigException("approval-bot.port must be between 0 and 65535");
        }
        notifyRequesters = notifyRequesters == null || notifyRequesters;
    }

    public boolean slackEnabled() {
        return botToken != null;
    }

    public ApprovalBotConfig with(String newSlackApiUrl, int newPort, String newStateFile) {
        return new ApprovalBotConfig(botToken, signingSecret, defaultChannel, directMessages, groupChannels, host, newPort, newSlackApiUrl,
                newStateFile, dashboardsUrl, decisionSigningKey, decisionKeyId, notifyRequesters, stepUp);
    }

    /** This configuration signing decisions with the private key in {@code keyFile}, known as {@code keyId}. */
    public ApprovalBotConfig withDecisionSigningKey(String keyFile, String keyId) {
        return new ApprovalBotConfig(botToken, signingSecret, defaultChannel, directMessages, groupChannels, host, port, slackApiUrl,
                stateFile, dashboardsUrl, keyFile, keyId, notifyRequesters, stepUp);
    }

    /** This configuration answering Approve on step-up requests with links signed by {@code newStepUp}'s key. */
    public ApprovalBotConfig withStepUp(StepUpLinkConfig newStepUp) {
        return new ApprovalBotConfig(botToken, signingSecret, defaultChannel, directMessages, groupChannels, host, port, slackApiUrl,
                stateFile, dashboardsUrl, decisionSigningKey, decisionKeyId, notifyRequesters, newStepUp);
    }

    /** The bot's decision signer; a ConfigException when Slack is enabled without one. */
    public DecisionSignature.Signer decisionSigner() throws IOException {
        if (decisionSigningKey == null) {
            throw new ConfigException("approval-bot.decisionSigningKey and approval-bot.decisionKeyId are required with Slack enabled:"
                    + " the pipeline rejects unsigned decisions; make a key with `countersign keys channel --channel slack`");
        }
        return DecisionSignature.Signer.load(Path.of(decisionSigningKey), decisionKeyId);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return "ApprovalBotConfig[slack " + (slackEnabled() ? "enabled" : "disabled") + ", channel " + defaultChannel + ", " + host + ":" + port + "]";
    }
}
