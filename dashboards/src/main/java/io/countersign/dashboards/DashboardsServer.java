package io.countersign.dashboards;

import io.countersign.approvals.opensearch.BlastRadiusConfig;
import io.countersign.approvals.opensearch.OpenSearchBlastRadius;
import io.countersign.config.ConfigException;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.signing.Ed25519Keys;
import io.countersign.dashboards.adapter.in.http.ApiRoutes;
import io.countersign.dashboards.adapter.in.http.Cookies;
import io.countersign.dashboards.adapter.in.http.DashboardsHandler;
import io.countersign.dashboards.adapter.in.http.OidcRoutes;
import io.countersign.dashboards.adapter.in.http.StepUpPages;
import io.countersign.dashboards.application.OidcSignIn;
import io.countersign.dashboards.adapter.out.AgentViews;
import io.countersign.dashboards.adapter.out.ApprovalAnalytics;
import io.countersign.dashboards.adapter.out.AuditSearch;
import io.countersign.dashboards.adapter.out.DatasetViews;
import io.countersign.dashboards.adapter.out.DiscoveredProvider;
import io.countersign.dashboards.adapter.out.EvidenceDownloads;
import io.countersign.dashboards.adapter.out.IngestStepUp;
import io.countersign.dashboards.adapter.out.IntentDetails;
import io.countersign.dashboards.adapter.out.PolicyReplays;
import io.countersign.dashboards.adapter.out.RecordVerifier;
import io.countersign.dashboards.adapter.out.Search;
import io.countersign.dashboards.adapter.out.SessionKeyFile;
import io.countersign.dashboards.adapter.out.UsersFile;
import io.countersign.dashboards.domain.SessionKey;
import io.countersign.dashboards.domain.Sessions;
import io.countersign.dashboards.domain.User;
import io.countersign.dashboards.domain.Users;
import io.countersign.http.JettyServer;
import io.countersign.oidc.OidcConfig;
import io.countersign.oidc.TokenVerifier;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboards server (Jetty): the analysts' pages and a read-only JSON API over OpenSearch's
 * {@code countersign-audit}, {@code -audit-events}, {@code -datasets}, {@code -lineage-edges} and
 * {@code -usage} indices, plus record verification and evidence bundles against {@code countersign.audit} and
 * {@code countersign.audit-checkpoints} in Kafka, and the replay of the audit index through a candidate policy. Writes nothing anywhere but, once, a configured session key file that is absent.
 */
public final class DashboardsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardsServer.class);
    private final JettyServer server;
    private final URI url;

    private DashboardsServer(JettyServer server, URI url) {
        this.server = server;
        this.url = url;
    }

    /** Starts with the users of {@code config.usersFile()} (if set) and the public keys of {@code config.auditPublicKeys()}. */
    public static DashboardsServer start(DashboardsConfig config, OpenSearchClient openSearch, KafkaSettings kafka,
                                         SchemaRegistryClient registry) throws Exception {
        if (config.usersFile() == null && config.oidc() == null) {
            throw new ConfigException("neither dashboards.usersFile nor dashboards.oidc is set: add users with"
                    + " `countersign dashboards add-user`, or configure sign-in with your OpenID provider");
        }
        Map<String, PublicKey> keys = new HashMap<>();
        for (String pem : config.auditPublicKeys()) {
            try {
                PublicKey k = Ed25519Keys.readPublicKey(Path.of(pem));
                keys.put(Ed25519Keys.keyId(k), k);
            } catch (IOException e) {
                throw new ConfigException("dashboards.auditPublicKeys: cannot read " + pem + ": " + e.getMessage());
            }
        }
        List<User> users = config.usersFile() == null ? List.of() : UsersFile.load(Path.of(config.usersFile()));
        return start(config, openSearch, kafka, registry, users, keys, Clock.systemUTC());
    }

    public static DashboardsServer start(DashboardsConfig config, OpenSearchClient openSearch, KafkaSettings kafka, SchemaRegistryClient registry,
                                         List<User> userList, Map<String, PublicKey> auditKeys, Clock clock) throws Exception {
        if (userList.isEmpty() && config.oidc() == null) {
            throw new ConfigException("no dashboard users are configured; add one with `countersign dashboards add-user`");
        }
        Search search = new Search(openSearch);
        ApiRoutes api = new ApiRoutes(new AuditSearch(search), new IntentDetails(search, new OpenSearchBlastRadius(BlastRadiusConfig.NONE, openSearch)), new DatasetViews(search, clock),
                new AgentViews(search, clock), new ApprovalAnalytics(search, clock),
                new RecordVerifier(kafka.clientProperties(Map.of()), registry, auditKeys, search), new PolicyReplays(search),
                new EvidenceDownloads(kafka.clientProperties(Map.of()), registry, auditKeys));
        SessionKey key = sessionKey(config);
        Sessions sessions = new Sessions(key, config.sessionIdle(), config.sessionMax(), clock);
        Cookies cookies = new Cookies(config.secureCookies(), config.sessionMax());
        DashboardsHandler handler = new DashboardsHandler(new Users(userList, clock), sessions, api, oidcRoutes(config.oidc(), sessions, cookies, key, clock),
                cookies);

        JettyServer server = JettyServer.start(new JettyServer.Settings("dashboards", config.host(), config.port(), 64, 4,
                null, null, Duration.ofSeconds(3), false), handler);
        URI url = URI.create(server.url() + "/");
        LOG.info("Dashboards listening on {} for {} local users{}", url, userList.size(),
                config.oidc() == null ? "" : " and sign-in through " + config.oidc().issuer());
        return new DashboardsServer(server, url);
    }

    private static SessionKey sessionKey(DashboardsConfig config) {
        if (config.sessionKey() != null) {
            return SessionKeyFile.decode(config.sessionKey(), "dashboards.sessionKey");
        }
        if (config.sessionKeyFile() != null) {
            return SessionKeyFile.loadOrCreate(Path.of(config.sessionKeyFile()));
        }
        LOG.info("No dashboards.sessionKey or sessionKeyFile: sessions end when this instance stops");
        return SessionKey.random();
    }

    private static OidcRoutes oidcRoutes(DashboardsOidc oidc, Sessions sessions, Cookies cookies, SessionKey key, Clock clock) {
        if (oidc == null) {
            return null;
        }
        OidcConfig verification = oidc.verification();
        OidcSignIn signIn = new OidcSignIn(new DiscoveredProvider(verification, oidc.clientSecret(), oidc.redirectUrl()),
                TokenVerifier.of(verification, clock), oidc.redirectUrl(), oidc.scopes(), oidc.groupRoles(), key, clock);
        OidcRoutes routes = new OidcRoutes(signIn, sessions, cookies, oidc.providerName());
        return oidc.stepUp() == null ? routes
                : routes.withStepUp(new StepUpPages(signIn, new IngestStepUp(oidc.stepUp().approvalApiUrl()), cookies, oidc.stepUp().acrValues()));
    }

    public URI url() {
        return url;
    }

    @Override
    public void close() {
        server.close();
    }
}
