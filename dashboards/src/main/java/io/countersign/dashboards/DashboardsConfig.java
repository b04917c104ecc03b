package io.countersign.dashboards;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.countersign.config.ConfigException;

import java.time.Duration;
import java.util.List;

/**
 * The {@code dashboards:} section of countersign.yaml.
 *
 * <pre>
 * dashboards:
 *   host: 127.0.0.1
 *   port: 8090                    # 0 picks a free port
 *   usersFile: /etc/countersign/dashboard-users.yaml   # see `countersign dashboards hash-password`
 *   secureCookies: true           # set when served over HTTPS (behind a TLS proxy)
 *   sessionIdleMinutes: 60
 *   sessionMaxHours: 12
 *   auditPublicKeys: [/etc/countersign/keys/audit-signing-key.pub.pem]   # verify checkpoints; put in evidence bundles
 *   sessionKey: ${DASHBOARDS_SESSION_KEY:-}   # base64 of 32+ random bytes: the HMAC key signing session cookies
 *   sessionKeyFile: /shared/dashboards-session.key   # or a file holding it (created owner-only when absent)
 *   oidc:                         # optional: sign-in with the organisation's OpenID Connect provider
 *     issuer: https://login.example.com/realms/acme
 *     clientId: countersign-dashboards
 *     clientSecret: ${DASHBOARDS_OIDC_CLIENT_SECRET:-}   # empty: a public client (PKCE only)
 *     redirectUrl: https://countersign.example.com/login/oidc/callback
 *     scopes: [openid, email, profile]
 *     identityClaim: email        # the name the person is shown and logged as
 *     groupsClaim: groups
 *     algorithms: [RS256, ES256]
 *     providerName: Acme SSO      # the sign-in page offers "Sign in with Acme SSO"
 *     roles:                      # the provider's groups and the dashboards role each grants
 *       countersign-auditors: auditor
 *       countersign-analysts: analyst
 *     stepUp:                     # optional: the step-up approval page (review rules with stepUp: true)
 *       approvalApiUrl: http://127.0.0.1:8088/   # the ingest gateway; its ingest.stepUp.idToken.audience = clientId
 *       acrValues: ""             # optional: acr_values asked of the provider on a step-up sign-in
 * </pre>
 *
 * <p>At least one of {@code usersFile} (local users, the fallback for a single host) and {@code oidc}
 * must be set; with both, the sign-in page offers both. Someone whose groups map to no role is refused.
 *
 * <p>Sessions are signed cookies (see {@code domain.Sessions}): instances with the same {@code sessionKey}
 * or {@code sessionKeyFile} accept each other's sessions, so restarting one signs nobody out. With neither,
 * each process makes a random key and a restart signs everyone out. Sign-out clears the cookie and this
 * instance refuses the session from then on; other instances accept a copy of the cookie until it expires,
 * at most {@code sessionIdleMinutes} after the last request, so keep that short where several instances run.
 * Cookies are HttpOnly and SameSite=Lax (the provider's redirect back is a cross-site navigation).
 */
public record DashboardsConfig(
        @JsonProperty("host") String host,
        @JsonProperty("port") int port,
        @JsonProperty("usersFile") String usersFile,
        @JsonProperty("secureCookies") boolean secureCookies,
        @JsonProperty("sessionIdleMinutes") int sessionIdleMinutes,
        @JsonProperty("sessionMaxHours") int sessionMaxHours,
        @JsonProperty("auditPublicKeys") List<String> auditPublicKeys,
        @JsonProperty("sessionKey") String sessionKey,
        @JsonProperty("sessionKeyFile") String sessionKeyFile,
        @JsonProperty("oidc") DashboardsOidc oidc) {

    public static final DashboardsConfig DEFAULTS = new DashboardsConfig("127.0.0.1", 8090, null, false, 60, 12, List.of(), null, null, null);

    public DashboardsConfig {
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        if (port < 0 || port > 65_535) {
            throw new ConfigException("dashboards.port must be between 0 and 65535 (0 picks a free port)");
        }
        sessionIdleMinutes = sessionIdleMinutes == 0 ? 60 : sessionIdleMinutes;
        sessionMaxHours = sessionMaxHours == 0 ? 12 : sessionMaxHours;
        if (sessionIdleMinutes < 1 || sessionMaxHours < 1) {
            throw new ConfigException("dashboards.sessionIdleMinutes and dashboards.sessionMaxHours must be positive");
        }
        auditPublicKeys = auditPublicKeys == null ? List.of() : List.copyOf(auditPublicKeys);
        sessionKey = sessionKey == null || sessionKey.isBlank() ? null : sessionKey;
        sessionKeyFile = sessionKeyFile == null || sessionKeyFile.isBlank() ? null : sessionKeyFile;
    }

    public DashboardsConfig withPort(int newPort) {
        return new DashboardsConfig(host, newPort, usersFile, secureCookies, sessionIdleMinutes, sessionMaxHours, auditPublicKeys, sessionKey, sessionKeyFile, oidc);
    }

    public DashboardsConfig withUsersFile(String file) {
        return new DashboardsConfig(host, port, file, secureCookies, sessionIdleMinutes, sessionMaxHours, auditPublicKeys, sessionKey, sessionKeyFile, oidc);
    }

    public DashboardsConfig withAuditPublicKeys(List<String> keys) {
        return new DashboardsConfig(host, port, usersFile, secureCookies, sessionIdleMinutes, sessionMaxHours, keys, sessionKey, sessionKeyFile, oidc);
    }

    /** This configuration signing sessions with {@code base64Key} (instances sharing it share sessions). */
    public DashboardsConfig withSessionKey(String base64Key) {
        return new DashboardsConfig(host, port, usersFile, secureCookies, sessionIdleMinutes, sessionMaxHours, auditPublicKeys, base64Key, sessionKeyFile, oidc);
    }

    /** This configuration with OpenID Connect sign-in ({@code null}: local users only). */
    public DashboardsConfig withOidc(DashboardsOidc newOidc) {
        return new DashboardsConfig(host, port, usersFile, secureCookies, sessionIdleMinutes, sessionMaxHours, auditPublicKeys, sessionKey, sessionKeyFile, newOidc);
    }

    Duration sessionIdle() {
        return Duration.ofMinutes(sessionIdleMinutes);
    }

    Duration sessionMax() {
        return Duration.ofHours(sessionMaxHours);
    }
}
