package io.countersign.processors.topology;

import io.countersign.approvals.domain.Directory;
import io.countersign.audit.AuditSigner;
import io.countersign.contracts.registry.InMemorySchemaRegistryClient;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.signing.Ed25519Keys;
import io.countersign.contracts.topics.Topic;
import io.countersign.contracts.topics.Topics;
import io.countersign.processors.adapter.in.DeadLetterDeserializationHandler;
import io.countersign.processors.adapter.in.DeadLetterProcessingHandler;
import io.countersign.processors.adapter.out.DeadLetters;
import io.countersign.processors.domain.approval.ApprovalRequestBuilder;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.AuditCheckpoint;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.AuditRecordBatch;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.DeadLetter;
import io.countersign.schema.ExecutionReport;
import io.countersign.schema.IntentRefusal;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import io.countersign.schema.Verdict;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** The decision topology in a TopologyTestDriver, with a test policy, directory, clock and registry. */
final class TopologyHarness implements AutoCloseable {

    static final String POLICY = """
            defaultEffect: allow
            rules:
              - id: pii-external-export
                description: Exporting PII or PHI outside needs two data stewards
                condition: intent.action.endsWith('.export') && intent.destination.external == true && ('PII' in labels || 'PHI' in labels)
                effect: review
                approvers: [data-stewards]
                quorum: 2
                ttl: 30m
                mask: [where]
              - id: iam-prod
                description: IAM changes in prod need security on-call
                condition: intent.action.startsWith('iam.') && env == 'prod'
                effect: review
                approvers: [security-oncall]
                quorum: 1
                ttl: 15m
              - id: secret-external
                description: SECRET never leaves
                condition: "'SECRET' in labels && intent.destination.external"
                effect: deny
            """;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T12:00:00Z"));
    final SchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    final AuditSigner signer = new AuditSigner(Ed25519Keys.generate());
    final AtomicReference<Policy> policy = new AtomicReference<>(PolicyLoader.parse(POLICY, "test-policy.yaml"));
    final TopologyTestDriver driver;

    final TestInputTopic<String, ActionIntent> intents;
    final TestInputTopic<String, DatasetLabels> declared;
    final TestInputTopic<String, DatasetLabels> inherited;
    final TestInputTopic<String, ApprovalDecision> decisions;
    final TestInputTopic<String, ExecutionReport> executions;
    final TestInputTopic<String, IntentRefusal> refusals;
    final TestInputTopic<byte[], byte[]> rawIntents;
    final TestOutputTopic<String, Verdict> verdicts;
    final TestOutputTopic<String, ApprovalRequest> requests;
    final TestOutputTopic<String, AuditRecord> audit;
    final TestOutputTopic<String, AuditRecordBatch> unchained;
    final TestOutputTopic<String, AuditCheckpoint> checkpoints;
    final TestOutputTopic<byte[], DeadLetter> deadLetters;

    final TestInputTopic<String, AuditRecordBatch> unchainedIn;

    /** The exactly-once pipeline the service runs. */
    TopologyHarness() {
        this(DecisionTopology::build);
    }

    /** {@code which} topology of the pipeline, e.g. one of the first-wins pair. */
    TopologyHarness(Function<DecisionTopology.Deps, Topology> which) {
        Directory directory = Directory.of(Map.of(
                "data-stewards", List.of("user:carol@example.com", "user:dave@example.com", "user:alice@example.com",
                        "user:olga@example.com", "agent:planner"),
                "security-oncall", List.of("user:sam@example.com")));
        Topology topology = which.apply(new DecisionTopology.Deps(registry, policy::get, directory, ApprovalRequestBuilder.CHANNEL_KEYS, signer, clock,
                new DecisionTopology.Settings(List.of("UNCLASSIFIED"), Duration.ofSeconds(1), Duration.ofDays(7), Duration.ofSeconds(10))));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "decisions-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // Its own state directory: the default under /tmp is shared by every test JVM on the machine.
        props.put(StreamsConfig.STATE_DIR_CONFIG, tempDir().toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
        props.put(DeadLetters.REGISTRY_CLIENT_CONFIG, registry);
        driver = new TopologyTestDriver(topology, props, clock.instant());

        intents = input(Topics.INTENTS);
        declared = input(Topics.LABELS_DECLARED);
        inherited = input(Topics.LABELS_INHERITED);
        decisions = input(Topics.APPROVAL_DECISIONS);
        executions = input(Topics.EXECUTIONS);
        refusals = input(Topics.INTENTS_REFUSED);
        unchainedIn = input(Topics.AUDIT_UNCHAINED);
        rawIntents = driver.createInputTopic(Topics.INTENTS.name(), new ByteArraySerializer(), new ByteArraySerializer());
        verdicts = output(Topics.VERDICTS);
        requests = output(Topics.APPROVAL_REQUESTS);
        audit = output(Topics.AUDIT);
        unchained = output(Topics.AUDIT_UNCHAINED);
        checkpoints = output(Topics.AUDIT_CHECKPOINTS);
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.keySerde().deserializer(),
                Topics.DEAD_LETTERS.valueSerde(registry).deserializer());
    }

    private <K, V extends SpecificRecord> TestInputTopic<K, V> input(Topic<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde(registry).serializer(),
                clock.instant(), Duration.ZERO);
    }

    private <K, V extends SpecificRecord> TestOutputTopic<K, V> output(Topic<K, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde(registry).deserializer());
    }

    /** Declares one label on a dataset, as a steward would. */
    void label(String dataset, String label) {
        declared.pipeInput(dataset, DatasetLabels.newBuilder().setDataset(dataset)
                .setLabels(List.of(LabelEntry.newBuilder().setLabel(label).setSource(LabelSource.DECLARED).build()))
                .setUpdatedAt(clock.instant()).build());
    }

    private static java.nio.file.Path tempDir() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("countersign-topology-test");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    void submit(ActionIntent intent) {
        intents.pipeInput(intent.getIntentId(), intent, clock.instant());
    }

    /** Moves both the test clock and the driver's wall clock, so punctuators see the same time as processors. */
    void advance(Duration d) {
        clock.advance(d);
        driver.advanceWallClockTime(d);
    }

    @Override
    public void close() {
        driver.close();
    }
}
