package io.countersign.dashboards.it;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.signing.ChannelKeyPair;
import io.countersign.contracts.signing.Ed25519Keys;
import io.countersign.dashboards.DashboardsConfig;
import io.countersign.dashboards.DashboardsServer;
import io.countersign.dashboards.domain.PasswordHash;
import io.countersign.dashboards.domain.Role;
import io.countersign.dashboards.domain.User;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.CountersignStackExtension;
import io.countersign.lineage.LineageIndexJob;
import io.countersign.lineage.adapter.out.IndexSetup;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.testing.ProvisionedStack;
import io.countersign.search.OpenSearchClients;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opensearch.client.opensearch.OpenSearchClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dashboards on the real embedded stack, with data that went the whole way: intents through the
 * decision pipeline (policy, reviews, human decisions, an execution), the audit log through the
 * lineage-index job on a Flink MiniCluster into OpenSearch, labels propagated along lineage. Started
 * once per test JVM and shared by the dashboards' integration tests; the story is {@link SeedStory}.
 */
final class SeededStack implements ExtensionContext.Store.CloseableResource {

    static final String ANALYST = "ana";
    static final String AUDITOR = "audrey";
    static final String PASSWORD = "correct horse battery staple";

    final Endpoints endpoints;
    final DashboardsServer dashboards;
    final SeedStory story;
    final OpenSearchClient openSearch;
    final KafkaSettings kafka;
    final SchemaRegistryClient registry;
    /** The id of the key the pipeline signs audit checkpoints with (the dashboards are configured with it). */
    final String auditKeyId;
    private final List<AutoCloseable> closeables;

    private SeededStack(Endpoints endpoints, DashboardsServer dashboards, SeedStory story, OpenSearchClient openSearch, KafkaSettings kafka,
                        SchemaRegistryClient registry, String auditKeyId, List<AutoCloseable> closeables) {
        this.auditKeyId = auditKeyId;
        this.endpoints = endpoints;
        this.dashboards = dashboards;
        this.story = story;
        this.openSearch = openSearch;
        this.kafka = kafka;
        this.registry = registry;
        this.closeables = closeables;
    }

    /** Resolves {@link SeededStack} parameters: started once per test JVM, closed with JUnit's root context. */
    static final class Extension implements ParameterResolver {
        private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SeededStack.class);

        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
            return p.getParameter().getType() == SeededStack.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext e) {
            Endpoints endpoints = CountersignStackExtension.stack(e).endpoints();
            return e.getRoot().getStore(NS).getOrComputeIfAbsent(SeededStack.class, k -> {
                try {
                    return start(endpoints);
                } catch (Exception ex) {
                    throw new ParameterResolutionException("The seeded dashboards stack did not start: " + ex.getMessage(), ex);
                }
            }, SeededStack.class);
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private static SeededStack start(Endpoints endpoints) throws Exception {
        ProvisionedStack stack = ProvisionedStack.provision(endpoints);
        KafkaSettings kafka = stack.kafka();
        SchemaRegistryClient registry = stack.registry();
        OpenSearchClient openSearch = OpenSearchClients.create(endpoints.openSearchUrl());
        IndexSetup.ensure(openSearch);
        Path dir = Files.createTempDirectory("countersign-dashboards-it");
        // Decisions are the Slack bot's, signed with its key; the pipeline trusts it for channel slack.
        ChannelKeyPair slackKeys = ChannelKeyPair.loadOrCreate(dir.resolve("channel-keys"), "slack");
        StreamProcessors pipeline = stack.pipeline(dir).applicationId("countersign-dashboards-it").checkpointIntervalMs(1_000)
                .trusting(slackKeys).directory("""
                        groups:
                          data-stewards: [user:carol@example.com, user:dave@example.com]
                        """).start(SeedStory.POLICY);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        LineageIndexJob.build(env, LineageIndexJob.Sources.kafka(endpoints.kafkaBootstrap(), endpoints.registryUrl(), "dashboards-it"),
                LineageIndexJob.Sinks.of(endpoints.openSearchUrl(), endpoints.kafkaBootstrap(), endpoints.registryUrl()));
        JobClient job = env.executeAsync("dashboards-it");

        SeedStory story = SeedStory.tell(kafka, registry, openSearch, slackKeys.signer());

        PublicKey key = Ed25519Keys.readPublicKey(dir.resolve("keys").resolve("audit-signing-key.pub.pem"));
        // A lower work factor than production's 600,000 keeps sign-in fast in tests; the format carries it.
        List<User> users = List.of(
                new User(ANALYST, PasswordHash.hash(PASSWORD.toCharArray(), 10_000), Set.of(Role.ANALYST)),
                new User(AUDITOR, PasswordHash.hash(PASSWORD.toCharArray(), 10_000), Set.of(Role.AUDITOR)));
        DashboardsServer dashboards = DashboardsServer.start(DashboardsConfig.DEFAULTS.withPort(0), openSearch, kafka, registry, users,
                Map.of(Ed25519Keys.keyId(key), key), Clock.systemUTC());
        return new SeededStack(endpoints, dashboards, story, openSearch, kafka, registry, Ed25519Keys.keyId(key), List.of(dashboards, () -> job.cancel().get(), pipeline));
    }
}
