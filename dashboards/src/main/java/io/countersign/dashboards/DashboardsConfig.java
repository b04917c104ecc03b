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
 *   auditPublicKeys: [/etc/countersign/keys/audit-signing-key.pub.pem]   # verify checkpoints
 * </pre>
 */
public record DashboardsConfig(
        @JsonProperty("host") String host,
        @JsonProperty("port") int port,
        @JsonProperty("usersFile") String usersFile,
        @JsonProperty("secureCookies") boolean secureCookies,
        @JsonProperty("sessionIdleMinutes") int sessionIdleMinutes,
        @JsonProperty("sessionMaxHours") int sessionMaxHours,
        @JsonProperty("auditPublicKeys") List<String> auditPublicKeys) {

    public static final DashboardsConfig DEFAULTS = new DashboardsConfig("127.0.0.1", 8090, null, false, 60, 12, List.of());

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
    }

    public DashboardsConfig withPort(int newPort) {
        return new DashboardsConfig(host, newPort, usersFile, secureCookies, sessionIdleMinutes, sessionMaxHours, auditPublicKeys);
    }

    public DashboardsConfig withUsersFile(String file) {
        return new DashboardsConfig(host, port, file, secureCookies, sessionIdleMinutes, sessionMaxHours, auditPublicKeys);
    }

    public DashboardsConfig withAuditPublicKeys(List<String> keys) {
        return new DashboardsConfig(host, port, usersFile, secureCookies, sessionIdleMinutes, sessionMaxHours, keys);
    }

    Duration sessionIdle() {
        return Duration.ofMinutes(sessionIdleMinutes);
    }

    Duration sessionMax() {
        return Duration.ofHours(sessionMaxHours);
    }
}
