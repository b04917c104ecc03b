package io.countersign.ingest.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.approvals.adapter.out.YamlDirectory;
import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.Identity;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.signing.ChannelKeyPair;
import io.countersign.contracts.topics.Topic;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.ConsumerGroups;
import io.countersign.embedded.Endpoints;
import io.countersign.ingest.IngestConfig;
import io.countersign.ingest.IngestGateway;
import io.countersign.ingest.domain.ApiKeys;
import io.countersign.ingest.domain.Credential;
import io.countersign.ingest.domain.Principals;
import io.countersign.ingest.domain.Role;
import io.countersign.processors.GateMode;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.processors.testing.ProvisionedStack;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApproverAuthentication;
import io.countersign.schema.DecisionKind;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Test fixture: the decision pipeline and ingest gateways on the shared embedded broker and registry,
 * with API keys for two agents (one may act for user:alice@example.com, the other only for its owner), a steward, two lineage producers (one trusted for labels) and three approvers (one of them the
 * agents' owner), and helpers to send raw
 * HTTP, decide reviews on Kafka and count what reached a topic.
 */
final class GatewayFixture implements AutoCloseable {

    static final String AGENT_KEY = ApiKeys.generate();
    static final String OTHER_AGENT_KEY = ApiKeys.generate();
    static final String STEWARD_KEY = ApiKeys.generate();
    static final String LINEAGE_KEY = ApiKeys.generate();
    /** A lineage producer a steward trusts for labels: its tags facets may add labels. */
    static final String LABEL_PRODUCER_KEY = ApiKeys.generate();
    static final String CAROL_APPROVER_KEY = ApiKeys.generate();
    static final String OLGA_APPROVER_KEY = ApiKeys.generate();
    static final String MALLORY_APPROVER_KEY = ApiKeys.generate();

    static final String POLICY = """
            defaultEffect: allow
            rules:
              - id: secret-out
                condition: "'SECRET' in labels && intent.destination.external"
                effect: deny
              - id: pii-export
                condition: intent.action == 'db.export' && 'PII' in labels
                effect: review
                approvers: [data-stewards]
                quorum: 1
                ttl: 1h
            """;

    final KafkaSettings kafka;
    final SchemaRegistryClient registry;
    final ApiKeys keys;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ProvisionedStack stack;
    private final Path dataDir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private StreamProcessors pipeline;
    private final Directory directory;
    /** The approval API's and the Slack bot's decision keys; the pipeline trusts both, each for its channel. */
    final ChannelKeyPair apiKeys;
    final ChannelKeyPair slackKeys;

    GatewayFixture(Endpoints endpoints) throws Exception {
        this(endpoints, """
                groups:
                  data-stewards: [user:carol@example.com, user:dave@example.com, user:olga@example.com]
                """);
    }

    /** The fixture with the approver directory {@code directoryYaml} for the pipeline and the gateways. */
    GatewayFixture(Endpoints endpoints, String directoryYaml) throws Exception {
        this.stack = ProvisionedStack.provision(endpoints);
        this.kafka = stack.kafka();
        this.registry = stack.registry();
        this.keys = new ApiKeys(Map.of(
                ApiKeys.hash(CAROL_APPROVER_KEY), credential("user:carol@example.com", "user:carol@example.com", Role.APPROVER),
                ApiKeys.hash(OLGA_APPROVER_KEY), credential("user:olga@example.com", "user:olga@example.com", Role.APPROVER),
                ApiKeys.hash(MALLORY_APPROVER_KEY), credential("user:mallory@example.com", "user:mallory@example.com", Role.APPROVER),
                ApiKeys.hash(AGENT_KEY), new Credential("key-agent:exporter", Identity.of("agent:exporter"), Identity.of("user:olga@example.com"),
                        Set.of(Role.AGENT), null, Principals.parse(List.of("user:alice@example.com"))),
                ApiKeys.hash(OTHER_AGENT_KEY), credential("agent:other", "user:olga@example.com", Role.AGENT),
                ApiKeys.hash(STEWARD_KEY), credential("user:carol@example.com", "user:carol@example.com", Role.STEWARD),
                ApiKeys.hash(LINEAGE_KEY), credential("service:airflow", "user:olga@example.com", Role.LINEAGE),
                ApiKeys.hash(LABEL_PRODUCER_KEY), credential("service:catalogue", "user:carol@example.com", Role.LINEAGE, Role.LABEL_PRODUCER)));
        this.dataDir = Files.createTempDirectory("countersign-ingest-it");
        Files.writeString(dataDir.resolve("directory.yaml"), directoryYaml);
        this.directory = YamlDirectory.load(dataDir.resolve("directory.yaml"));
        this.apiKeys = ChannelKeyPair.loadOrCreate(dataDir.resolve("channel-keys"), "api");
        this.slackKeys = ChannelKeyPair.loadOrCreate(dataDir.resolve("channel-keys"), "slack");
    }

    private static Credential credential(String subject, String owner, Role... roles) {
        return new Credential("key-" + subject, Identity.of(subject), Identity.of(owner), Set.of(roles));
    }

    void startPipeline() throws Exception {
        startPipeline(PolicyLoader.parse(POLICY, "ingest-it-policy.yaml"));
    }

    /** The decision pipeline deciding with {@code policy}, e.g. {@link PolicyLoader#shippedDefault()}. */
    void startPipeline(io.countersign.processors.domain.policy.Policy policy) throws Exception {
        pipeline = stack.pipeline(dataDir).applicationId("countersign-ingest-it").directoryFile(dataDir.resolve("directory.yaml"))
                .trusting(apiKeys, slackKeys).start(policy);
    }

    /**
     * The first-wins pipeline ({@code stream-processors.gate: first-wins}) deciding with {@link #POLICY}, as an application
     * of its own that starts where the topics end now: the broker holds other tests' intents and audit events.
     */
    void startFirstWinsPipeline() throws Exception {
        String id = "countersign-ingest-first-wins-it";
        startAtEnd(id + "-gate", List.of(Topics.INTENTS.name()));
        startAtEnd(id, List.of(Topics.APPROVAL_REQUESTS.name(), Topics.APPROVAL_DECISIONS.name(), Topics.EXECUTIONS.name(),
                Topics.AUDIT_UNCHAINED.name(), Topics.INTENTS_REFUSED.name()));
        pipeline = stack.pipeline(dataDir).applicationId(id).directoryFile(dataDir.resolve("directory.yaml")).trusting(apiKeys, slackKeys)
                .gate(GateMode.FIRST_WINS).start(PolicyLoader.parse(POLICY, "ingest-it-policy.yaml"));
    }

    private void startAtEnd(String group, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties(Map.of()))) {
            ConsumerGroups.startAtEnd(admin, group, topics);
        }
    }

    /** A gateway on {@code port} (0: any free one), signing decisions with the api key; closed with the fixture unless closed before. */
    IngestGateway gateway(int port, IngestConfig base) throws Exception {
        return start(base.withPort(port).withDecisionSigningKey(apiKeys.privateKeyFile().toString(), apiKeys.keyId()));
    }

    /** A gateway with no decision signing key, as one whose operator configured none. */
    IngestGateway gatewayWithoutDecisionKey() throws Exception {
        return start(IngestConfig.DEFAULTS.withPort(0));
    }

    private IngestGateway start(IngestConfig config) throws Exception {
        IngestGateway g = IngestGateway.start(config, kafka, registry, keys, directory, Clock.systemUTC());
        open.add(g);
        if (!g.awaitReady(Duration.ofSeconds(30))) {
            throw new IllegalStateException("gateway view did not catch up");
        }
        return g;
    }

    HttpResponse<String> send(URI base, String method, String path, String key, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(90))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(URI base, String path, String key, String body) throws Exception {
        return send(base, "POST", path, key, body, Map.of());
    }

    HttpResponse<String> get(URI base, String path, String key) throws Exception {
        return send(base, "GET", path, key, null, Map.of());
    }

    /** The approval request {@code requestId} as {@code GET /v1/approvals?status=pending} lists it for {@code bearer}; null when not listed. */
    JsonNode listed(URI base, String bearer, String requestId) throws Exception {
        HttpResponse<String> r = get(base, "/v1/approvals?status=pending", bearer);
        if (r.statusCode() != 200) {
            throw new AssertionError("listing approvals answered " + r.statusCode() + ": " + r.body());
        }
        for (JsonNode a : new ObjectMapper().readTree(r.body()).get("approvals")) {
            if (a.get("requestId").asText().equals(requestId)) {
                return a;
            }
        }
        return null;
    }

    /** A human decision on the review of {@code intentId}, as the approval bot would write it. */
    void decide(String intentId, String intentHash, String approver, DecisionKind kind) throws Exception {
        decide(intentId, intentHash, approver, kind, null);
    }

    /** As {@link #decide(String, String, String, DecisionKind)}, with the bot claiming to have authenticated the approver as {@code how}. */
    void decide(String intentId, String intentHash, String approver, DecisionKind kind, ApproverAuthentication how) throws Exception {
        try (KafkaProducer<String, ApprovalDecision> p = new KafkaProducer<>(kafka.clientProperties(Map.of(ProducerConfig.ACKS_CONFIG, "all")),
                new StringSerializer(), Topics.APPROVAL_DECISIONS.valueSerde(registry).serializer())) {
            String requestId = "ar-" + intentId;
            p.send(new ProducerRecord<>(Topics.APPROVAL_DECISIONS.name(), requestId, slackKeys.signer().sign(ApprovalDecision.newBuilder()
                    .setDecisionId(UUID.randomUUID().toString()).setRequestId(requestId).setIntentId(intentId).setIntentHash(intentHash)
                    .setApprover(approver).setDecision(kind).setReason("checked with the customer").setChannel("slack")
                    .setAuthentication(how).setDecidedAt(Instant.now()).build()))).get();
        }
    }

    /** The intent hash of the approval request made for {@code intentId}, read from Kafka. */
    String requestHash(String intentId) {
        return written(Topics.APPROVAL_REQUESTS, r -> r.getIntentId().equals(intentId)).getIntentHash();
    }

    /** The first record on {@code topic} whose value matches, read from Kafka within 30 s. */
    <V extends SpecificRecord> V written(Topic<?, V> topic, Predicate<V> matches) {
        Properties p = kafka.clientProperties(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        try (KafkaConsumer<String, V> c = new KafkaConsumer<>(p, new StringDeserializer(), topic.valueSerde(registry).deserializer())) {
            c.subscribe(List.of(topic.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> r : c.poll(Duration.ofMillis(200))) {
                    if (r.value() != null && matches.test(r.value())) {
                        return r.value();
                    }
                }
            }
        }
        throw new AssertionError("no matching record on " + topic.name());
    }

    /** Records ever written to {@code topic} (sum of end offsets). */
    long count(String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties(Map.of()))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> specs = IntStream.range(0, partitions).boxed()
                    .collect(Collectors.toMap(i -> new TopicPartition(topic, i), i -> OffsetSpec.latest()));
            return admin.listOffsets(specs).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }
}
