package io.countersign.dashboards;

import io.countersign.config.ConfigException;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.signing.Ed25519Keys;
import io.countersign.dashboards.adapter.in.http.ApiRoutes;
import io.countersign.dashboards.adapter.in.http.DashboardsHandler;
import io.countersign.dashboards.adapter.out.AgentViews;
import io.countersign.dashboards.adapter.out.ApprovalAnalytics;
import io.countersign.dashboards.adapter.out.AuditSearch;
import io.countersign.dashboards.adapter.out.DatasetViews;
import io.countersign.dashboards.adapter.out.IntentDetails;
import io.countersign.dashboards.adapter.out.RecordVerifier;
import io.countersign.dashboards.adapter.out.Search;
import io.countersign.dashboards.adapter.out.UsersFile;
import io.countersign.dashboards.domain.Sessions;
import io.countersign.dashboards.domain.User;
import io.countersign.dashboards.domain.Users;
import io.countersign.http.JettyServer;
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
 * {@code -usage} indices, plus record verification against {@code countersign.audit} and
 * {@code countersign.audit-checkpoints} in Kafka. Writes nothing anywhere.
 */
public final class DashboardsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardsServer.class);
    private final JettyServer server;
    private final URI url;

    private DashboardsServer(JettyServer server, URI url) {
        this.server = server;
        this.url = url;
    }

    /** Starts with the users of {@code config.usersFile()} and the public keys of {@code config.auditPublicKeys()}. */
    public static DashboardsServer start(DashboardsConfig config, OpenSearchClient openSearch, KafkaSettings kafka,
                                         SchemaRegistryClient registry) throws Exception {
        if (config.usersFile() == null) {
            throw new ConfigException("dashboards.usersFile is not set: add users with `countersign dashboards add-user`");
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
        return start(config, openSearch, kafka, registry, UsersFile.load(Path.of(config.usersFile())), keys, Clock.systemUTC());
    }

    public static DashboardsServer start(DashboardsConfig config, OpenSearchClient openSearch, KafkaSettings kafka, SchemaRegistryClient registry,
                                         List<User> userList, Map<String, PublicKey> auditKeys, Clock clock) throws Exception {
        if (userList.isEmpty()) {
            throw new ConfigException("no dashboard users are configured; add one with `countersign dashboards add-user`");
        }
        Search search = new Search(openSearch);
        ApiRoutes api = new ApiRoutes(new AuditSearch(search), new IntentDetails(search), new DatasetViews(search, clock),
                new AgentViews(search, clock), new ApprovalAnalytics(search, clock),
                new RecordVerifier(kafka.clientProperties(Map.of()), registry, auditKeys, search));
        DashboardsHandler handler = new DashboardsHandler(new Users(userList, clock), new Sessions(config.sessionIdle(), config.sessionMax(), clock),
                api, config.secureCookies(), config.sessionMax());

        JettyServer server = JettyServer.start(new JettyServer.Settings("dashboards", config.host(), config.port(), 64, 4,
                null, null, Duration.ofSeconds(3), false), handler);
        URI url = URI.create(server.url() + "/");
        LOG.info("Dashboards listening on {} for {} users", url, userList.size());
        return new DashboardsServer(server, url);
    }

    public URI url() {
        return url;
    }

    @Override
    public void close() {
        server.close();
    }
}
