package io.countersign.processors.it;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.signing.ChannelKeyPair;
import io.countersign.contracts.topics.Topic;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.ConsumerGroups;
import io.countersign.embedded.Endpoints;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.testing.ProvisionedStack;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Test fixture: the decision pipeline on the real embedded broker and registry, with the catalogue's
 * topics and schemas provisioned, a producer for inputs and read_committed readers for outputs.
 */
final class PipelineFixture implements AutoCloseable {

    /** Allow everything, but exports wait for a data steward (an hour before they expire). */
    static final String EXPORT_REVIEW_POLICY = """
            defaultEffect: allow
            rules:
              - id: export-review
                condition: "intent.action == 'db.export'"
                effect: review
                approvers: [data-stewards]
                quorum: 1
                ttl: 1h
            """;

    private final ProvisionedStack stack;
    final Endpoints endpoints;
    final SchemaRegistryClient registry;
    final KafkaSettings kafka;
    final Path dataDir;
    /** The approval API's decision key pair; the pipeline trusts it for channel api. */
    final ChannelKeyPair apiKeys;
    private final List<AutoCloseable> open = new ArrayList<>();

    PipelineFixture(Endpoints endpoints) throws Exception {
        ProvisionedStack stack = ProvisionedStack.provision(endpoints);
        this.stack = stack;
        this.endpoints = endpoints;
        this.registry = stack.registry();
        this.kafka = stack.kafka();
        this.dataDir = Files.createTempDirectory("countersign-pipeline-it");
        this.apiKeys = ChannelKeyPair.loadOrCreate(dataDir.resolve("channel-keys"), "api");
        Files.writeString(dataDir.resolve("directory.yaml"), """
                groups:
                  data-stewards: [user:carol@example.com, user:dave@example.com]
                  security-oncall: [user:sam@example.com]
                """);
    }

    /** A pipeline with this fixture's application id, state and keys, so a restart resumes the same one. */
    StreamProcessors start(String policyYaml) throws IOException {
        return start(policyYaml, registry);
    }

    /** The same, talking to the schema registry through {@code registryClient} (e.g. one behind a faulty link). */
    StreamProcessors start(String policyYaml, SchemaRegistryClient registryClient) throws IOException {
        return stack.pipeline(dataDir).applicationId("countersign-it").directoryFile(dataDir.resolve("directory.yaml"))
                .trusting(apiKeys).registry(registryClient).start(policyYaml);
    }

    <V extends SpecificRecord> KafkaProducer<String, V> producer(Topic<String, V> topic) {
        Properties p = kafka.clientProperties(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "5"));
        KafkaProducer<String, V> producer = new KafkaProducer<>(p, new StringSerializer(), topic.valueSerde(registry).serializer());
        open.add(producer);
        return producer;
    }

    /** A reader of everything committed to {@code topic} from the beginning. */
    <V extends SpecificRecord> KafkaConsumer<String, V> reader(Topic<String, V> topic) {
        Properties p = kafka.clientProperties(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000"));
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p, new StringDeserializer(), topic.valueSerde(registry).deserializer());
        consumer.subscribe(List.of(topic.name()));
        open.add(consumer);
        return consumer;
    }

    /** Polls until {@code done} holds for what was read so far, or the timeout passes; returns what was read. */
    static <K, V> List<ConsumerRecord<K, V>> readUntil(KafkaConsumer<K, V> consumer, Duration timeout,
                                                       Predicate<List<ConsumerRecord<K, V>>> done) {
        List<ConsumerRecord<K, V>> read = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(read) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(read::add);
        }
        return read;
    }

    /** Moves the consumer group {@code group} (of an application not started yet) to where {@code topics} end now. */
    void startAtEnd(String group, List<Topic<String, ?>> topics) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties(Map.of()))) {
            ConsumerGroups.startAtEnd(admin, group, topics.stream().map(Topic::name).toList());
        }
    }

    void declare(String dataset, String... labels) {
        KafkaProducer<String, DatasetLabels> p = producer(Topics.LABELS_DECLARED);
        List<LabelEntry> entries = new ArrayList<>();
        for (String l : labels) {
            entries.add(LabelEntry.newBuilder().setLabel(l).setSource(LabelSource.DECLARED).build());
        }
        p.send(new ProducerRecord<>(Topics.LABELS_DECLARED.name(), dataset,
                DatasetLabels.newBuilder().setDataset(dataset).setLabels(entries).setUpdatedAt(Instant.now()).build()));
        p.flush();
    }

    static ActionIntent.Builder intent(String id) {
        return ActionIntent.newBuilder().setIntentId(id).setOccurredAt(Instant.now())
                .setAgent(io.countersign.schema.AgentRef.newBuilder().setId("agent:loader").setFramework("it").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com")
                .setDelegationChain(List.of("user:alice@example.com", "agent:loader"))
                .setParameters(Map.of()).setEnvironment("prod");
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }
}
