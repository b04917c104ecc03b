package io.countersign.processors.it;

import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.Verdict;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private PipelineProcesses pipelines;

    @BeforeEach
    void start(Endpoints endpoints) throws Exception {
        fixture = new PipelineFixture(endpoints);
        Files.writeString(fixture.dataDir.resolve("crash-policy.yaml"), POLICY);
        pipelines = new PipelineProcesses(fixture, fixture.dataDir.resolve("crash-policy.yaml"));
    }

    @AfterEach
    void stop() throws Exception {
        pipelines.close();
        fixture.close();
    }

    @Test
    void killNineMidLoadLosesAndDuplicatesNothingAndTheAuditChainVerifies() throws Exception {
        String run = Long.toHexString(System.nanoTime());
        // Other tests' pipelines share this broker's audit topic, each with chains of its own: this
        // application's chains begin where the topic ends now.
        Map<TopicPartition, Long> chainsStart = AuditChains.ends(fixture, Topics.AUDIT);
        KafkaConsumer<String, Verdict> verdicts = fixture.reader(Topics.VERDICTS);
        Process first = pipelines.start();
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
                PipelineProcesses.kill(first);
            }
        }
        producer.flush();
        pipelines.start();

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

        List<String> findings = AuditChains.findings(fixture, chainsStart, r -> { });
        assertThat(findings).as("the audit chains verify after the crash").isEmpty();
    }

    private static void count(Map<String, Integer> counts, String key, String run) {
        if (key.startsWith("crash-" + run + "-")) {
            counts.merge(key, 1, Integer::sum);
        }
    }
}
