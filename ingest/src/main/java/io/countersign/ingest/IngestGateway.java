package io.countersign.ingest;

import io.countersign.approvals.adapter.in.kafka.PendingApprovals;
import io.countersign.approvals.adapter.in.kafka.ViewConsumer;
import io.countersign.approvals.adapter.out.YamlDirectory;
import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.application.port.out.BlastRadiusLookup;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.signing.DecisionSignature;
import io.countersign.http.JettyServer;
import io.countersign.ingest.adapter.in.http.GatewayHandler;
import io.countersign.ingest.adapter.in.http.RoutesFactory;
import io.countersign.ingest.adapter.in.http.TokenAuthentication;
import io.countersign.ingest.adapter.in.kafka.DeclaredLabels;
import io.countersign.ingest.adapter.in.kafka.GatewayRecords;
import io.countersign.ingest.adapter.in.kafka.IntentView;
import io.countersign.ingest.adapter.out.ApiKeysFile;
import io.countersign.ingest.adapter.out.KafkaPublisher;
import io.countersign.ingest.domain.ApiKeys;
import io.countersign.ingest.domain.RateLimiter;
import io.countersign.oidc.TokenVerifier;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The ingest gateway: an HTTP server (Jetty) in front of Kafka through which agents submit intents and
 * wait for verdicts, report executions, send OpenLineage events and declare labels, and approvers decide
 * through the approval API. Writes {@code countersign.intents}, {@code countersign.executions},
 * {@code countersign.lineage}, {@code countersign.labels.declared} and
 * {@code countersign.approval-decisions}, and on {@code countersign.intents.refused} the intents it refuses for
 * whom they claim to act for (which the pipeline audits); reads {@code countersign.intents},
 * {@code countersign.approval-requests}, {@code countersign.approval-decisions},
 * {@code countersign.verdicts} and {@code countersign.labels.declared} into its views. Instances share nothing but Kafka, so any number
 * can run behind a load balancer.
 */
public final class IngestGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestGateway.class);
    /** Intents each instance remembers for status lookups. */
    static final int VIEW_CAPACITY = 500_000;
    /** How long a stop waits for in-flight requests; within Docker's and Kubernetes' default grace periods. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(8);

    private final JettyServer server;
    private final ViewConsumer views;
    private final KafkaPublisher publisher;
    private final URI url;
    private final AtomicBoolean closed = new AtomicBoolean();

    private IngestGateway(JettyServer server, ViewConsumer views, KafkaPublisher publisher, URI url) {
        this.server = server;
        this.views = views;
        this.publisher = publisher;
        this.url = url;
    }

    /** Starts the gateway with keys from {@code config.apiKeysFile()}. */
    public static IngestGateway start(IngestConfig config, KafkaSettings kafka, SchemaRegistryClient registry) throws Exception {
        return start(config, kafka, registry, BlastRadiusLookup.NONE);
    }

    /** Starts the gateway with keys from {@code config.apiKeysFile()}, the approval API showing what {@code blastRadius} finds. */
    public static IngestGateway start(IngestConfig config, KafkaSettings kafka, SchemaRegistryClient registry, BlastRadiusLookup blastRadius)
            throws Exception {
        if (config.apiKeysFile() == null) {
            throw new IllegalArgumentException("ingest.apiKeysFile is not set: the gateway needs API keys; create one with `countersign keys create`");
        }
        return start(config, kafka, registry, ApiKeysFile.load(Path.of(config.apiKeysFile())), directory(config), blastRadius, Clock.systemUTC());
    }

    /** Starts the gateway with the approver groups of {@code config.directoryFile()} (none: nobody may decide through the API). */
    public static IngestGateway start(IngestConfig config, KafkaSettings kafka, SchemaRegistryClient registry, ApiKeys keys, Clock clock)
            throws Exception {
        return start(config, kafka, registry, keys, directory(config), clock);
    }

    /** The approver groups of {@code config.directoryFile()} (none: nobody may decide through the API). */
    private static Directory directory(IngestConfig config) {
        return config.directoryFile() == null ? Directory.of(Map.of()) : YamlDirectory.load(Path.of(config.directoryFile()));
    }

    public static IngestGateway start(IngestConfig config, KafkaSettings kafka, SchemaRegistryClient registry, ApiKeys keys,
                                      Directory directory, Clock clock) throws Exception {
        return start(config, kafka, registry, keys, directory, BlastRadiusLookup.NONE, clock);
    }

    public static IngestGateway start(IngestConfig config, KafkaSettings kafka, SchemaRegistryClient registry, ApiKeys keys,
                                      Directory directory, BlastRadiusLookup blastRadius, Clock clock) throws Exception {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        IntentView view = new IntentView(VIEW_CAPACITY);
        DeclaredLabels declared = new DeclaredLabels();
        PendingApprovals approvals = new PendingApprovals();
        ViewConsumer views = GatewayRecords.consume(kafka, registry, view, declared, approvals, config.gateDecisions());
        KafkaPublisher publisher = new KafkaPublisher(kafka, config.producer(), registry, config.produceTimeout(), metrics);
        DecisionSignature.Signer decisionSigner = config.decisionSigner().orElse(null);
        if (decisionSigner == null) {
            LOG.warn("No ingest.decisionSigningKey configured: the approval API refuses decisions (the pipeline would reject them unsigned)");
        }
        TokenVerifier tokens = config.oidc() == null ? null : TokenVerifier.of(config.oidc(), clock);
        GatewayHandler handler = new GatewayHandler(RoutesFactory.create(publisher, view, views::currentSince, declared, approvals, directory,
                decisionSigner, tokens, stepUp(config, clock), config.maxWait(), config.defaultEnvironment(), clock, metrics, blastRadius), keys,
                tokens == null ? null : new TokenAuthentication(tokens, directory),
                new RateLimiter(config.ratePerSecond(), config.rateBurst(), System::nanoTime), config.maxBodyBytes(), config.bodyTimeout(),
                metrics, views::caughtUp);

        JettyServer server = JettyServer.start(new JettyServer.Settings("ingest", config.host(), config.port(), 200, 8,
                config.maxWait().plusSeconds(30), config.headerTimeout(), STOP_TIMEOUT, true), handler);
        URI url = server.url();
        LOG.info("Ingest gateway listening on {} with {} API keys{}", url, keys.size(),
                config.oidc() == null ? "" : " and approvers' access tokens from " + config.oidc().issuer());
        return new IngestGateway(server, views, publisher, url);
    }

    private static RoutesFactory.StepUp stepUp(IngestConfig config, Clock clock) throws java.io.IOException {
        StepUpConfig s = config.stepUp();
        if (s == null) {
            return null;
        }
        LOG.info("Step-up approvals: ID tokens from {} for client {}, sign-ins at most {} s old", s.idToken().issuer(),
                s.idToken().audience(), s.maxAgeSeconds());
        return new RoutesFactory.StepUp(s.page(), TokenVerifier.of(s.idToken(), clock), s.requirement());
    }

    public URI url() {
        return url;
    }

    /** Waits until the verdict view has read what was in Kafka at start (then /healthz says ok). */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return views.awaitCaughtUp(timeout);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close();
        views.close();
        publisher.close();
        LOG.info("Ingest gateway stopped");
    }
}
