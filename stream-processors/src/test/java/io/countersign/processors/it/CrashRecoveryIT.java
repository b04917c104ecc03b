package io.countersign.processors.it;

import io.countersign.audit.ChainVerifier;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.Verdict;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision pipeline's JVM is killed with SIGKILL while 10,000 intents are in flight and started
 * again on the same state: every intent gets exactly one verdict (read_committed), every review gets
 * exactly one approval request, and every audit chain still verifies link by link and hash by hash.
 */
@WithCountersignStack
class CrashRecoveryIT {

    /** 100,000 with -Pheavy. */
    static final int INTENTS = Boolean.getBoolean("countersign.heavy") ? 100_000 : 10_000;
    static final String POLICY = PipelineFixture.EXPORT_REVIEW_POLICY;

    private PipelineFixture fixture;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void start(Endpoints endpoints) throws Exception {
        fixture = new PipelineFixture(endpoints);
        Files.writeString(fixture.dataDir.resolve("crash-policy.yaml"), POLICY);
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        fixture.close();
    }

    @Test
    void killNineMidLoadLosesAndDuplicatesNothingAndTheAuditChainVerifies() throws Exception {
        String run = Long.toHexString(System.nanoTime());
        // Other tests' pipelines share this broker's audit topic, each with chains of its own: this
        // application's chains begin where the topic ends now.
        Map<TopicPartition, Long> chainsStart = auditEnds();
        KafkaConsumer<String, Verdict> verdicts = fixture.reader(Topics.VERDICTS);
        Process first = pipelineProcess();
        KafkaProducer<String, ActionIntent> producer = fixture.producer(Topics.INTENTS);
        Set<String> reviews = new HashSet<>();
        Set<String> allowed = new HashSet<>();
        Map<String, Integer> verdictCount = new HashMap<>();
        for (int i = 0; i < INTENTS; i++) {
            String id = "crash-" + run + "-" + i;
            boolean review = i % 10 == 0;
            (review ? reviews : allowed).add(id);
            producer.send(new ProducerRecord<>(Topics.INTENTS.name(), id, PipelineFixture.intent(id).setAction(review ? "db.export" : "db.read")
                    .setTargets(List.of("pg://web/pages")).build()));
            if (i == INTENTS / 2) {
                producer.flush();
                // Kill only once the pipeline is demonstrably mid-stream: some verdicts out, most still to come.
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (verdictCount.size() < 500 && System.nanoTime() < deadline) {
                    verdicts.poll(Duration.ofMillis(100)).forEach(r -> count(verdictCount, r.key(), run));
                }
                assertThat(verdictCount.size()).as("verdicts before the kill").isBetween(500, INTENTS / 2);
                first.destroyForcibly(); // SIGKILL: no shutdown hook, no commit, no clean close
                assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
        }
        producer.flush();
        pipelineProcess();

        long deadline = System.nanoTime() + Duration.ofSeconds(Boolean.getBoolean("countersign.heavy") ? 1_800 : 180).toNanos();
        while (!verdictCount.keySet().containsAll(allowed) && System.nanoTime() < deadline) {
            verdicts.poll(Duration.ofMillis(200)).forEach(r -> count(verdictCount, r.key(), run));
        }
        // A little longer, so a duplicate written after the last first verdict would still be seen.
        for (int i = 0; i < 10; i++) {
            verdicts.poll(Duration.ofMillis(200)).forEach(r -> count(verdictCount, r.key(), run));
        }
        assertThat(allowed).as("every allowed intent has a verdict").allMatch(verdictCount::containsKey);
        Map<String, Integer> duplicated = verdictCount.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(duplicated).as("no intent has two verdicts").isEmpty();
        assertThat(verdictCount.keySet()).as("reviews wait for a person").doesNotContainAnyElementsOf(reviews);

        KafkaConsumer<String, ApprovalRequest> requests = fixture.reader(Topics.APPROVAL_REQUESTS);
        Map<String, Long> requestCount = PipelineFixture.readUntil(requests, Duration.ofSeconds(60),
                        read -> read.stream().map(r -> r.value().getIntentId()).collect(Collectors.toSet()).containsAll(reviews)).stream()
                .map(r -> r.value().getIntentId()).filter(reviews::contains)
                .collect(Collectors.groupingBy(k -> k, Collectors.counting()));
        assertThat(requestCount.keySet()).as("every review has its approval request").isEqualTo(reviews);
        assertThat(requestCount.values()).as("and only one").containsOnly(1L);

        List<String> findings = auditFindings(chainsStart);
        assertThat(findings).as("the audit chains verify after the crash").isEmpty();
    }

    private static void count(Map<String, Integer> counts, String key, String run) {
        if (key.startsWith("crash-" + run + "-")) {
            counts.merge(key, 1, Integer::sum);
        }
    }

    private Map<TopicPartition, Long> auditEnds() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(fixture.kafka.clientProperties(Map.of()), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.AUDIT.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    /** Reads every audit partition from where this application's chains start (committed only) and checks each chain. */
    private List<String> auditFindings(Map<TopicPartition, Long> chainsStart) {
        List<String> findings = new ArrayList<>();
        var props = fixture.kafka.clientProperties(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.AUDIT.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<Integer, GenericDatumReader<GenericRecord>> readers = new HashMap<>();
            for (TopicPartition tp : partitions) {
                consumer.assign(List.of(tp));
                consumer.seek(tp, chainsStart.getOrDefault(tp, 0L));
                long end = consumer.endOffsets(List.of(tp)).get(tp);
                ChainVerifier chain = new ChainVerifier(tp.partition(), Set.of());
                long records = 0;
                while (consumer.position(tp) < end) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        records++;
                        int id = ByteBuffer.wrap(r.value(), 1, 4).getInt();
                        Schema writer = fixture.registry.getById(id);
                        try {
                            GenericRecord rec = readers.computeIfAbsent(id, k -> new GenericDatumReader<>(writer))
                                    .read(null, DecoderFactory.get().binaryDecoder(r.value(), 5, r.value().length - 5, null));
                            chain.accept(r.offset(), rec, writer).ifPresent(f -> findings.add(f.toString()));
                        } catch (Exception e) {
                            findings.add(chain.unreadable(r.offset(), e.toString()).toString());
                        }
                    }
                }
                if (records == 0) {
                    findings.add("partition " + tp.partition() + " has no audit records of this run");
                }
            }
        }
        return findings;
    }

    /** Starts the pipeline in its own JVM and waits until it says it runs. */
    private Process pipelineProcess() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), PipelineProcess.class.getName(),
                fixture.endpoints.kafkaBootstrap(), fixture.endpoints.registryUrl(), fixture.dataDir.toString(),
                fixture.dataDir.resolve("crash-policy.yaml").toString()))
                .redirectErrorStream(true).start();
        processes.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Path log = fixture.dataDir.resolve("pipeline-" + processes.size() + ".log");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null && System.nanoTime() < deadline; line = out.readLine()) {
            seen.append(line).append('\n');
            if (line.startsWith("RUNNING")) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "pipeline-output");
                drain.setDaemon(true);
                drain.start();
                Files.writeString(log, seen);
                return p;
            }
        }
        Files.writeString(log, seen);
        throw new AssertionError("the pipeline process did not start; its output is in " + log);
    }
}
