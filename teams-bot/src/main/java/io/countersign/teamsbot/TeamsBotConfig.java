package io.countersign.teamsbot;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.countersign.approvals.domain.StepUpLinkConfig;
import io.countersign.config.ConfigException;
import io.countersign.contracts.signing.DecisionSignature;

import java.io.IOException;
import java.nio.file.Path;

import java.net.URI;

/**
 * The {@code teams-bot:} section of countersign.yaml: the Azure Bot the Teams transport speaks as. Teams is
 * enabled when an app id is set; the app password (client secret) belongs in the environment, never in the file.
 *
 * <pre>
 * teams-bot:
 *   appId: ${TEAMS_APP_ID:-}                 # the Azure Bot's Microsoft App ID; empty disables Teams
 *   appPassword: ${TEAMS_APP_PASSWORD:-}     # its client secret; required with an appId
 *   tenantId: ${TEAMS_TENANT_ID:-}           # the Entra ID tenant of the approvers (proactive messages)
 *   openIdMetadataUrl: https://login.botframework.com/v1/.well-known/openidconfiguration
 *   tokenUrl: https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token
 *   host: 127.0.0.1
 *   port: 3978                               # Messaging endpoint: https://your-host/api/messages
 *   serviceUrl: https://smba.trafficmanager.net/teams/  # where proactive conversations are created
 *   teamId: ${TEAMS_TEAM_ID:-}               # the team and channel approval requests are posted to
 *   channelId: ${TEAMS_CHANNEL_ID:-}         # (19:...@thread.tacv2); empty: 1:1 chats with each approver
 *   stateDir: .countersign/data/teams        # posted cards and the Teams users met, kept across restarts
 *   notifyRequesters: true                   # tell the principal the outcome in their 1:1 chat with the bot
 *   decisionSigningKey: /etc/countersign/keys/teams-decision-key.pem  # Ed25519 key decisions are signed with;
 *   decisionKeyId: teams-3f9c2a4b1d0e8f76                              # both from `countersign keys channel --channel teams`
 *   dashboardsUrl: http://127.0.0.1:8090/    # the dashboards as approvers reach them: cards link dataset pages there
 *   stepUp:                                  # optional: Approve on a step-up request answers with a one-time link
 *     linkKeyFile: /etc/countersign/keys/step-up-link.key   # shared with ingest.stepUp (countersign keys step-up)
 *     dashboardsUrl: https://countersign.example.com/
 * </pre>
 *
 * {@code openIdMetadataUrl} is where the Bot Framework publishes the keys that sign the tokens on every
 * request to the bot; {@code tokenUrl} is where the bot gets its own app token by client credentials (for a
 * single-tenant Azure Bot, {@code https://login.microsoftonline.com/<tenantId>/oauth2/v2.0/token}). Both are
 * settings so tests (and sovereign clouds) can point them elsewhere. {@code dashboardsUrl} is where the
 * card's blast radius links each target's dataset page ({@code <dashboardsUrl>#/datasets/<uri>}); the blast
 * radius itself is configured in the shared {@code blastRadius:} section ({@code BlastRadiusConfig}).
 */
public record TeamsBotConfig(
        @JsonProperty("appId") String appId,
        @JsonProperty("appPassword") String appPassword,
        @JsonProperty("tenantId") String tenantId,
        @JsonProperty("openIdMetadataUrl") String openIdMetadataUrl,
        @JsonProperty("tokenUrl") String tokenUrl,
        @JsonProperty("host") String host,
        @JsonProperty("port") int port,
        @JsonProperty("serviceUrl") String serviceUrl,
        @JsonProperty("teamId") String teamId,
        @JsonProperty("channelId") String channelId,
        @JsonProperty("stateDir") String stateDir,
        @JsonProperty("notifyRequesters") Boolean notifyRequesters,
        @JsonProperty("decisionSigningKey") String decisionSigningKey,
        @JsonProperty("decisionKeyId") String decisionKeyId,
        @JsonProperty("dashboardsUrl") String dashboardsUrl,
        @JsonProperty("stepUp") StepUpLinkConfig stepUp) {

    /** Without step-up links. */
    public TeamsBotConfig(String appId, String appPassword, String tenantId, String openIdMetadataUrl, String tokenUrl, String host,
                          int port, String serviceUrl, String teamId, String channelId, String stateDir, Boolean notifyRequesters,
                          String decisionSigningKey, String decisionKeyId, String dashboardsUrl) {
        this(appId, appPassword, tenantId, openIdMetadataUrl, tokenUrl, host, port, serviceUrl, teamId, channelId, stateDir, notifyRequesters,
                decisionSigningKey, decisionKeyId, dashboardsUrl, null);
    }

    public static final String DEFAULT_OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public static final String DEFAULT_TOKEN_URL = "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token";
    public static final String DEFAULT_SERVICE_URL = "https://smba.trafficmanager.net/teams/";
    public static final int DEFAULT_PORT = 3978;
    public static final String DEFAULT_STATE_DIR = ".countersign/data/teams";
    public static final String DEFAULT_DASHBOARDS_URL = "http://127.0.0.1:8090/";
    public static final TeamsBotConfig DEFAULTS = new TeamsBotConfig(null, null, null, null, null, null, DEFAULT_PORT, null, null, null);

    /** Without state directory, notification setting and decision signing key (their defaults: none for the key). */
    public TeamsBotConfig(String appId, String appPassword, String tenantId, String openIdMetadataUrl, String tokenUrl, String host,
                          int port, String serviceUrl, String teamId, String channelId) {
        this(appId, appPassword, tenantId, openIdMetadataUrl, tokenUrl, host, port, serviceUrl, teamId, channelId, null, null, null, null);
    }

    /** With the default dashboards address. */
    public TeamsBotConfig(String appId, String appPassword, String tenantId, String openIdMetadataUrl, String tokenUrl, String host,
                          int port, String serviceUrl, String teamId, String channelId, String stateDir, Boolean notifyRequesters,
                          String decisionSigningKey, String decisionKeyId) {
        this(appId, appPassword, tenantId, openIdMetadataUrl, tokenUrl, host, port, serviceUrl, teamId, channelId, stateDir, notifyRequesters,
                decisionSigningKey, decisionKeyId, null, null);
    }

    public TeamsBotConfig {
        appId = blankToNull(appId);
        appPassword = blankToNull(appPassword);
        tenantId = blankToNull(tenantId);
        openIdMetadataUrl = url("openIdMetadataUrl", openIdMetadataUrl, DEFAULT_OPENID_METADATA_URL);
        tokenUrl = url("tokenUrl", tokenUrl, DEFAULT_TOKEN_URL);
        serviceUrl = url("serviceUrl", serviceUrl, DEFAULT_SERVICE_URL);
        dashboardsUrl = url("dashboardsUrl", dashboardsUrl, DEFAULT_DASHBOARDS_URL);
        host = host == null || host.isBlank() ? "127.0.0.1" : host.strip();
        teamId = blankToNull(teamId);
        channelId = blankToNull(channelId);
        if (appId != null && appPassword == null) {
            throw new ConfigException("teams-bot.appPassword is required with an appId: the bot's app token is requested with it"
                    + " (Azure portal > the Azure Bot > Configuration > Manage Password; set TEAMS_APP_PASSWORD)");
        }
        if ((teamId == null) != (channelId == null)) {
            throw new ConfigException("teams-bot.teamId and teams-bot.channelId go together: the channel to post approval requests"
                    + " to; leave both empty to message each approver in a 1:1 chat");
        }
        if (port < 0 || port > 65_535) {
            throw new ConfigException("teams-bot.port must be between 0 and 65535");
        }
        stateDir = stateDir == null || stateDir.isBlank() ? DEFAULT_STATE_DIR : stateDir.strip();
        notifyRequesters = notifyRequesters == null || notifyRequesters;
        decisionSigningKey = blankToNull(decisionSigningKey);
        decisionKeyId = blankToNull(decisionKeyId);
        if ((decisionSigningKey == null) != (decisionKeyId == null)) {
            throw new ConfigException("teams-bot.decisionSigningKey and teams-bot.decisionKeyId go together:"
                    + " `countersign keys channel --channel teams` makes the key file and prints its id");
        }
    }

    /** This configuration signing decisions with the private key in {@code keyFile}, known as {@code keyId}. */
    public TeamsBotConfig withDecisionSigningKey(String keyFile, String keyId) {
        return new TeamsBotConfig(appId, appPassword, tenantId, openIdMetadataUrl, tokenUrl, host, port, serviceUrl, teamId, channelId,
                stateDir, notifyRequesters, keyFile, keyId, dashboardsUrl, stepUp);
    }

    /** This configuration keeping its state in {@code dir}. */
    public TeamsBotConfig withStateDir(String dir) {
        return new TeamsBotConfig(appId, appPassword, tenantId, openIdMetadataUrl, tokenUrl, host, port, serviceUrl, teamId, channelId,
                dir, notifyRequesters, decisionSigningKey, decisionKeyId, dashboardsUrl, stepUp);
    }

    /** This configuration answering Approve on step-up requests with links signed by {@code newStepUp}'s key. */
    public TeamsBotConfig withStepUp(StepUpLinkConfig newStepUp) {
        return new TeamsBotConfig(appId, appPassword, tenantId, openIdMetadataUrl, tokenUrl, host, port, serviceUrl, teamId, channelId,
                stateDir, notifyRequesters, decisionSigningKey, decisionKeyId, dashboardsUrl, newStepUp);
    }

    /** The bot's decision signer; a ConfigException when none is configured. */
    public DecisionSignature.Signer decisionSigner() throws IOException {
        if (decisionSigningKey == null) {
            throw new ConfigException("teams-bot.decisionSigningKey and teams-bot.decisionKeyId are required with Teams enabled:"
                    + " the pipeline rejects unsigned decisions; make a key with `countersign keys channel --channel teams`");
        }
        return DecisionSignature.Signer.load(Path.of(decisionSigningKey), decisionKeyId);
    }

    /** Whether the Teams transport runs (an app id is configured). */
    @JsonIgnore
    public boolean teamsEnabled() {
        return appId != null;
    }

    /** Whether approval requests go to a configured channel rather than to each approver's 1:1 chat. */
    @JsonIgnore
    public boolean postsToChannel() {
        return channelId != null;
    }

    private static String url(String key, String value, String fallback) {
        String v = value == null || value.isBlank() ? fallback : value.strip();
        try {
            URI uri = URI.create(v);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return v;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new ConfigException("teams-bot." + key + " must be an http(s) URL (default " + fallback + ")");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public String toString() {
        return "TeamsBotConfig[teams " + (teamsEnabled() ? "enabled, app " + appId : "disabled") + ", " + host + ":" + port
                + (postsToChannel() ? ", channel " + channelId : ", 1:1 chats") + "]";
    }
}
