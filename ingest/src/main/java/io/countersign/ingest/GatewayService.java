package io.countersign.ingest;

import io.countersign.approvals.opensearch.BlastRadiusConfig;
import io.countersign.config.ConfigLoader;
import io.countersign.config.KafkaSettings;
import io.countersign.config.RegistrySettings;
import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.service.ServiceLifecycle;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * The ingest gateway as a deployable service ({@code countersign gateway}, or this class's {@code main}):
 * {@link IngestGateway} on the configured cluster, started only once its views have caught up with Kafka.
 * Stateless: any number run behind a load balancer, each answering verdict long-polls for any intent.
 * Its own HTTP port serves {@code /healthz/live}, {@code /healthz/ready} and {@code /metrics}; a stop drains
 * in-flight requests. Reads and writes the topics {@link IngestGateway} does.
 */
public final class GatewayService {

    static final String NAME = "gateway";
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private GatewayService() {
    }

    public static void main(String[] args) {
        System.exit(ServiceLifecycle.main("countersign-" + NAME, args, GatewayService::start));
    }

    /**
     * Starts the gateway from countersign.yaml's kafka, registry, ingest and blastRadius sections (approvers: ingest's directory,
     * else the pipeline's).
     */
    public static IngestGateway start(ConfigLoader config, PrintWriter out) throws Exception {
        RegistrySettings r = config.section("registry", RegistrySettings.class, RegistrySettings.DEFAULTS);
        return start(config.section("kafka", KafkaSettings.class, KafkaSettings.DEFAULTS),
                new HttpSchemaRegistryClient(r.url(), r.username(), r.password()),
                config.section("ingest", IngestConfig.class, IngestConfig.DEFAULTS)
                        .withDirectoryFileIfUnset(ServiceLifecycle.pipelineDirectoryFile(config)),
                config.section("blastRadius", BlastRadiusConfig.class, BlastRadiusConfig.NONE), out);
    }

    /** Starts the gateway without blast radius in the approval API. */
    public static IngestGateway start(KafkaSettings kafka, SchemaRegistryClient registry, IngestConfig config, PrintWriter out)
            throws Exception {
        return start(kafka, registry, config, BlastRadiusConfig.NONE, out);
    }

    /** Starts the gateway and returns once it is ready (its verdict view has read what Kafka held); prints its start-up facts. */
    public static IngestGateway start(KafkaSettings kafka, SchemaRegistryClient registry, IngestConfig config, BlastRadiusConfig blastRadius,
                                      PrintWriter out) throws Exception {
        ServiceLifecycle.requireKafka(kafka);
        IngestGateway gateway = IngestGateway.start(config, kafka, registry, blastRadius.lookup());
        if (!gateway.awaitReady(CATCH_UP)) {
            gateway.close();
            throw new IllegalStateException("the gateway did not catch up with Kafka at " + kafka.bootstrapServers() + " within " + CATCH_UP
                    + ": check that the topics exist (countersign init) and the cluster is healthy");
        }
        ServiceLifecycle.fact(out, NAME, "version", ServiceLifecycle.version(GatewayService.class));
        ServiceLifecycle.fact(out, NAME, "bootstrap-servers", kafka.bootstrapServers());
        ServiceLifecycle.fact(out, NAME, "url", gateway.url());
        ServiceLifecycle.fact(out, NAME, "api-keys-file", config.apiKeysFile());
        ServiceLifecycle.fact(out, NAME, "approvers", config.directoryFile() == null ? "none (the approval API lets no one decide)"
                : config.directoryFile());
        ServiceLifecycle.fact(out, NAME, "approver-tokens", config.oidc() == null ? "none (API keys only)" : config.oidc().issuer());
        ServiceLifecycle.fact(out, NAME, "environment", config.environment());
        ServiceLifecycle.fact(out, NAME, "blast-radius", blastRadius.enabled() ? blastRadius.opensearchUrl() : "off (no blastRadius.opensearchUrl)");
        ServiceLifecycle.fact(out, NAME, "health", gateway.url() + "/healthz/ready");
        ServiceLifecycle.fact(out, NAME, "state", "ready");
        return gateway;
    }
}
