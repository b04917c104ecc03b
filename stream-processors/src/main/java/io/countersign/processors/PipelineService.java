package io.countersign.processors;

import io.countersign.config.ConfigLoader;
import io.countersign.config.KafkaSettings;
import io.countersign.config.RegistrySettings;
import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.processors.adapter.in.PolicyFileWatcher;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.service.HealthServer;
import io.countersign.service.ServiceLifecycle;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The decision pipeline as a deployable service ({@code countersign pipeline}, or this class's
 * {@code main}): the configured policy file, watched and reloaded on change, or the shipped safe default;
 * {@link StreamProcessors} on the configured cluster (any number of instances with the same
 * {@code applicationId} share the partitions); and, unless {@code stream-processors.http.port} is -1,
 * {@code /healthz/live}, {@code /healthz/ready} and {@code /metrics}. Reads and writes the topics
 * {@link StreamProcessors} does. {@code countersign up} runs the same class with the endpoints off.
 */
public final class PipelineService implements AutoCloseable {

    static final String NAME = "pipeline";
    static final Duration POLICY_POLL = Duration.ofSeconds(2);

    private final StreamProcessors processors;
    private final PolicyFileWatcher watcher;
    private final HealthServer health;
    private final StreamProcessorsConfig config;
    private final Supplier<Policy> policy;

    private PipelineService(StreamProcessors processors, PolicyFileWatcher watcher, HealthServer health, StreamProcessorsConfig config,
                            Supplier<Policy> policy) {
        this.processors = processors;
        this.policy = policy;
        this.watcher = watcher;
        this.health = health;
        this.config = config;
    }

    public static void main(String[] args) {
        System.exit(ServiceLifecycle.main("countersign-" + NAME, args, PipelineService::start));
    }

    /** Starts the pipeline from countersign.yaml's kafka, registry and stream-processors sections. */
    public static PipelineService start(ConfigLoader config, PrintWriter out) throws IOException {
        RegistrySettings r = config.section("registry", RegistrySettings.class, RegistrySettings.DEFAULTS);
        return start(config.section("kafka", KafkaSettings.class, KafkaSettings.DEFAULTS),
                new HttpSchemaRegistryClient(r.url(), r.username(), r.password()),
                config.section("stream-processors", StreamProcessorsConfig.class, StreamProcessorsConfig.DEFAULTS), out);
    }

    /** Starts the pipeline, returning once it is RUNNING; prints its start-up facts to {@code out}. */
    public static PipelineService start(KafkaSettings kafka, SchemaRegistryClient registry, StreamProcessorsConfig config, PrintWriter out)
            throws IOException {
        ServiceLifecycle.requireKafka(kafka);
        PolicyFileWatcher watcher = config.policyFile() == null ? null : new PolicyFileWatcher(Path.of(config.policyFile()), POLICY_POLL);
        Supplier<Policy> policy;
        if (watcher != null) {
            policy = watcher;
        } else {
            Policy shipped = PolicyLoader.shippedDefault();
            policy = () -> shipped;
        }
        StreamProcessors processors = null;
        try {
            processors = StreamProcessors.start(kafka, registry, config, policy, Duration.ofSeconds(60));
            HealthServer health = null;
            if (config.http().enabled()) {
                PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                new JvmMemoryMetrics().bindTo(metrics);
                processors.bindMetrics(metrics);
                StreamProcessors p = processors;
                health = HealthServer.start(config.http().host(), config.http().port(),
                        () -> p.state().isRunningOrRebalancing() || p.state() == KafkaStreams.State.CREATED,
                        () -> p.state() == KafkaStreams.State.RUNNING, metrics::scrape);
            }
            PipelineService service = new PipelineService(processors, watcher, health, config, policy);
            service.printFacts(kafka, policy.get(), out);
            return service;
        } catch (RuntimeException | IOException e) {
            if (processors != null) {
                processors.close();
            }
            if (watcher != null) {
                watcher.close();
            }
            throw e;
        }
    }

    private void printFacts(KafkaSettings kafka, Policy p, PrintWriter out) {
        ServiceLifecycle.fact(out, NAME, "version", ServiceLifecycle.version(PipelineService.class));
        ServiceLifecycle.fact(out, NAME, "bootstrap-servers", kafka.bootstrapServers());
        ServiceLifecycle.fact(out, NAME, "application-id", config.applicationId());
        ServiceLifecycle.fact(out, NAME, "policy", p.origin() + " (" + p.size() + " rules" + (watcher != null ? ", reloaded on change" : "") + ")");
        ServiceLifecycle.fact(out, NAME, "policy-version", p.version().substring(0, 12));
        ServiceLifecycle.fact(out, NAME, "approvers", config.directoryFile() == null ? "none (every review expires to DENIED)" : config.directoryFile());
        ServiceLifecycle.fact(out, NAME, "state-dir", config.stateDir() == null ? "a temporary directory" : config.stateDir());
        ServiceLifecycle.fact(out, NAME, "health", health == null ? "off" : health.url() + "/healthz/ready");
        ServiceLifecycle.fact(out, NAME, "state", processors.state());
    }

    public KafkaStreams.State state() {
        return processors.state();
    }

    /** Where the audit signing key pair is; the public half verifies checkpoints. */
    public Path auditPublicKey() {
        return Path.of(config.keyDir()).resolve("audit-signing-key.pub.pem");
    }

    /** The policy in force now. */
    public Policy policy() {
        return policy.get();
    }

    /** Whether the policy file is watched and reloaded on change (false: the shipped default). */
    public boolean policyWatched() {
        return watcher != null;
    }

    public StreamProcessorsConfig config() {
        return config;
    }

    /** Stops the endpoints, then Streams, which leaves the consumer group so the others take its partitions at once. */
    @Override
    public void close() {
        if (health != null) {
            health.close();
        }
        processors.close();
        if (watcher != null) {
            watcher.close();
        }
    }
}
