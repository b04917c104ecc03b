package io.countersign.processors.it;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.SchemaProvisioner;
import io.countersign.contracts.topics.TopicProvisioner;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.EmbeddedRegistry;
import io.countersign.embedded.Ports;
import io.countersign.embedded.cluster.LocalKafkaCluster;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.testing.TestPipeline;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.Verdict;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On three broker processes (replication factor 3, {@code min.insync.replicas=2}), the leader of an
 * intents partition is killed with SIGKILL while intents stream in, then started again: every intent is
 * acknowledged, and the decision pipeline (exactly-once, its internal topics replicated 3 times) gives
 * each exactly one committed verdict. Run with {@code mvn verify -Pcluster}.
 */
class LeaderFailoverClusterIT {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderFailoverClusterIT.class);
    static final int INTENTS = Boolean.getBoolean("countersign.heavy") ? 20_000 : 2_000;
    static final String APP_ID = "countersign-cluster-it";

    @Test
    void everyIntentGetsExactlyOneVerdictWhenTheLeaderBrokerIsKilledMidLoad() throws Exception {
        Path dir = Files.createTempDirectory("countersign-cluster-it");
        long began = System.nanoTime();
        try (LocalKafkaCluster cluster = LocalKafkaCluster.ofThree().start();
             EmbeddedRegistry registryProcess = EmbeddedRegistry.start(dir.resolve("registry"), Ports.free())) {
            LOG.info("Cluster and registry up in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
            KafkaSettings kafka = new KafkaSettings(cluster.bootstrapServers(), Map.of());
            SchemaRegistryClient registry = new HttpSchemaRegistryClient(registryProcess.url());
            try (Admin admin = Admin.create(kafka.clientProperties(Map.of()))) {
                TopicProvisioner provisioner = new TopicProvisioner(admin, Duration.ofSeconds(30));
                provisioner.provision(Topics.ALL, provisioner.replicationForCluster());
                new SchemaProvisioner(registry).registerAll(Topics.ALL);
                assertReplicated(admin, Topics.ALL.stream().map(t -> t.name()).toList());

                try (StreamProcessors pipeline = TestPipeline.on(kafka, registry).applicationId(APP_ID).dataDir(dir)
                        .streams(Map.of("replication.factor", "3")).startTimeout(Duration.ofSeconds(120))
                        .start("defaultEffect: allow\nrules: []\n")) {
                    List<String> internal = admin.listTopics().names().get(15, TimeUnit.SECONDS).stream()
                            .filter(n -> n.startsWith(APP_ID + "-")).toList();
                    assertThat(internal).as("Streams' internal topics").isNotEmpty();
                    assertReplicated(admin, internal);
                    logResidentMemory(cluster, "before the load");

                    produceKillingTheLeader(cluster, kafka, registry);

                    Map<String, Integer> verdicts = readVerdicts(kafka, registry);
                    assertThat(verdicts).as("every intent decided after the leader's death").hasSize(INTENTS);
                    assertThat(verdicts.values()).as("exactly one verdict each").containsOnly(1);
                    logResidentMemory(cluster, "after the load");
                }
            }
        }
    }

    private void produceKillingTheLeader(LocalKafkaCluster cluster, KafkaSettings kafka, SchemaRegistryClient registry) throws Exception {
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch quarterAcked = new CountDownLatch(INTENTS / 4);
        try (KafkaProducer<String, ActionIntent> producer = new KafkaProducer<>(kafka.clientProperties(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000")),
                new StringSerializer(), Topics.INTENTS.valueSerde(registry).serializer())) {
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < INTENTS; i++) {
                    String id = "cluster-" + i;
                    producer.send(new ProducerRecord<>(Topics.INTENTS.name(), id, ActionIntent.newBuilder().setIntentId(id)
                            .setOccurredAt(Instant.now()).setAgent(io.countersign.schema.AgentRef.newBuilder().setId("agent:steady").build())
                            .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:steady"))
                            .setAction("db.read").setTargets(List.of("pg://web/pages")).setParameters(Map.of()).build()),
                            (metadata, error) -> {
                                if (error != null) {
                                    failed.incrementAndGet();
                                }
                                quarterAcked.countDown();
                            });
                    if (i % 100 == 0) {
                        pause(100); // a steady stream for the kill to land in the middle of
                    }
                }
                producer.flush();
            });
            assertThat(quarterAcked.await(120, TimeUnit.SECONDS)).as("a quarter of the intents acknowledged before the kill").isTrue();
            int leader = cluster.leaderOf(new TopicPartition(Topics.INTENTS.name(), 0));
            long killed = System.nanoTime();
            cluster.kill9(leader);
            pause(3_000); // the fault itself: the leader stays dead this long, the others take over
            cluster.restart(leader);
            LOG.info("Broker {} (leader of {}-0) killed and back in {} ms", leader, Topics.INTENTS.name(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
            load.get(5, TimeUnit.MINUTES);
        }
        assertThat(failed).as("intents the cluster refused").hasValue(0);
    }

    private static Map<String, Integer> readVerdicts(KafkaSettings kafka, SchemaRegistryClient registry) {
        Map<String, Integer> verdicts = new HashMap<>();
        try (KafkaConsumer<String, Verdict> consumer = new KafkaConsumer<>(kafka.clientProperties(Map.of(ConsumerConfig.GROUP_ID_CONFIG,
                "cluster-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new StringDeserializer(), Topics.VERDICTS.valueSerde(registry).deserializer())) {
            consumer.subscribe(List.of(Topics.VERDICTS.name()));
            long deadline = System.nanoTime() + Duration.ofMinutes(Boolean.getBoolean("countersign.heavy") ? 30 : 5).toNanos();
            while (verdicts.size() < INTENTS && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> verdicts.merge(r.key(), 1, Integer::sum));
            }
            for (int i = 0; i < 10; i++) { // a duplicate arriving just after the last new key would count too
                consumer.poll(Duration.ofMillis(200)).forEach(r -> verdicts.merge(r.key(), 1, Integer::sum));
            }
        }
        return verdicts;
    }

    /** Every partition of {@code topics} has 3 replicas and the topic asks for 2 in sync (its own setting or the broker's). */
    private static void assertReplicated(Admin admin, Collection<String> topics) throws Exception {
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(15, TimeUnit.SECONDS);
        described.values().forEach(t -> t.partitions().forEach(p ->
                assertThat(p.replicas()).as(t.name() + "-" + p.partition() + " replicas").hasSize(3)));
        Map<ConfigResource, Config> configs = admin.describeConfigs(topics.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList()).all().get(15, TimeUnit.SECONDS);
        configs.forEach((resource, config) -> assertThat(config.get("min.insync.replicas").value())
                .as(resource.name() + " min.insync.replicas").isEqualTo("2"));
    }

    /** Resident memory of each broker process (Linux /proc), for the record. */
    private static void logResidentMemory(LocalKafkaCluster cluster, String when) {
        for (int id = 1; id <= 3; id++) {
            Path status = Path.of("/proc", Long.toString(cluster.pid(id)), "status");
            try {
                String rss = Files.readAllLines(status).stream().filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS: ?");
                LOG.info("Broker {} (pid {}) {}: {}", id, cluster.pid(id), when, rss.replaceAll("\\s+", " "));
            } catch (java.io.IOException e) {
                LOG.info("Broker {} resident memory unknown ({})", id, e.getMessage());
            }
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
