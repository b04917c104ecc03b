package io.countersign.cli;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.dashboards.DashboardsConfig;
import io.countersign.dashboards.DashboardsServer;
import io.countersign.dashboards.adapter.out.UsersFile;
import io.countersign.dashboards.domain.PasswordHash;
import io.countersign.dashboards.domain.Role;
import io.countersign.dashboards.domain.User;
import io.countersign.ingest.adapter.out.ApiKeysFile;
import io.countersign.search.OpenSearchClients;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;

/**
 * Starts the dashboards for {@code countersign up}. With neither {@code dashboards.usersFile} nor
 * {@code dashboards.oidc} configured it makes one demo user, {@code auditor} (named for its role), once: its password hash goes to
 * {@code <dataDir>/dashboard-users.yaml} and the password, readable by the owner only, to
 * {@code <dataDir>/dashboard-credentials.properties}.
 */
final class Dashboards {

    static final String CREDENTIALS = "dashboard-credentials.properties";
    static final String DEMO_USER = "auditor";

    private Dashboards() {
    }

    static DashboardsServer start(KafkaSettings kafka, SchemaRegistryClient registry, String openSearchUrl, DashboardsConfig configured,
                                  Integer port, Path dataDir, Path auditPublicKey, PrintWriter out) throws Exception {
        DashboardsConfig config = withSignIn(configured, dataDir);
        if (config.auditPublicKeys().isEmpty() && Files.exists(auditPublicKey)) {
            config = config.withAuditPublicKeys(List.of(auditPublicKey.toString()));
        }
        if (port != null) {
            config = config.withPort(port);
        }
        DashboardsServer server = DashboardsServer.start(config, OpenSearchClients.create(openSearchUrl), kafka, registry);
        out.printf("  dashboards: %s%s%n", server.url(), config.usersFile() == null ? " (sign-in with " + config.oidc().issuer() + ")"
                : configured.usersFile() == null ? " (user " + DEMO_USER + ", password in " + dataDir.resolve(CREDENTIALS) + ")" : "");
        return server;
    }

    /**
     * {@code configured} when it says how people sign in (a users file, or the organisation's OpenID provider:
     * then a local password user would be a way around it); otherwise with the demo user's file.
     */
    static DashboardsConfig withSignIn(DashboardsConfig configured, Path dataDir) throws IOException {
        return configured.usersFile() != null || configured.oidc() != null ? configured
                : configured.withUsersFile(demoUsers(dataDir).toString());
    }

    /**
     * The demo users file, created with a fresh password the first time, and again when it holds another
     * demo user (data directories from before the demo user was renamed from {@code analyst}).
     */
    static Path demoUsers(Path dataDir) throws IOException {
        Path users = dataDir.resolve("dashboard-users.yaml");
        Path credentials = dataDir.resolve(CREDENTIALS);
        if (Files.exists(users) && Files.exists(credentials)
                && Files.readAllLines(credentials).contains("username=" + DEMO_USER)) {
            return users;
        }
        String password = randomPassword();
        UsersFile.write(users, List.of(new User(DEMO_USER, PasswordHash.hash(password.toCharArray()), Set.of(Role.AUDITOR))));
        Files.deleteIfExists(credentials);
        ApiKeysFile.createOwnerOnly(credentials);
        Files.writeString(credentials, """
                # Dashboard sign-in made by `countersign up` (hash in dashboard-users.yaml). For local use only.
                username=%s
                password=%s
                """.formatted(DEMO_USER, password));
        return users;
    }

    static String randomPassword() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
