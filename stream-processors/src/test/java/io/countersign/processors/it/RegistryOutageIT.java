package io.countersign.processors.it;

import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.faults.FaultyLink;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.processors.StreamProcessors;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.Verdict;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema registry becomes unreachable right after the pipeline starts: intents keep being decided
 * — read and written with the schema ids learnt at start, internal topics and stores reusing them —
 * reviews keep being requested, and nothing waits for the registry to come back.
 */
@WithCountersignStack
class RegistryOutageIT {

    static final String POLICY = PipelineFixture.EXPORT_REVIEW_POLICY;
    private PipelineFixture fixture;

    @BeforeEach
    void start(Endpoints endpoints) throws Exception {
        fixture = new PipelineFixture(endpoints);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void decisionsGoOnWithCachedSchemasWhileTheRegistryIsDown() throws Exception {
        String run = Long.toHexString(System.nanoTime());
        URI registry = URI.create(fixture.endpoints.registryUrl());
        try (FaultyLink link = FaultyLink.to(registry.getPort());
             StreamProcessors pipeline = fixture.start(POLICY, new HttpSchemaRegistryClient(
                     "http://127.0.0.1:" + link.port() + registry.getPath()))) {
            KafkaProducer<String, ActionIntent> producer = fixture.producer(Topics.INTENTS);
            KafkaConsumer<String, Verdict> verdicts = fixture.reader(Topics.VERDICTS);
            KafkaConsumer<String, ApprovalRequest> requests = fixture.reader(Topics.APPROVAL_REQUESTS);
            // Down from right after start: every state store, repartition topic and output is first written
            // during the outage, so nothing here depends on what happened to be cached by earlier traffic.
            link.cut();
            send(producer, "down-" + run, 100, false);
            send(producer, "down-review-" + run, 5, true);
            assertThat(awaitAll(verdicts, ids("down-" + run, 100))).as("every intent decided while the registry is down").isTrue();
            assertThat(awaitAll(requests, ids("down-review-" + run, 5))).as("reviews still requested").isTrue();
            assertThat(pipeline.state()).isEqualTo(KafkaStreams.State.RUNNING);
            link.restore();
        }
    }

    private static Set<String> ids(String prefix, int n) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + "-" + i);
        }
        return out;
    }

    private static void send(KafkaProducer<String, ActionIntent> producer, String prefix, int n, boolean review) {
        for (String id : ids(prefix, n)) {
            producer.send(new ProducerRecord<>(Topics.INTENTS.name(), id, PipelineFixture.intent(id)
                    .setAction(review ? "db.export" : "db.read").setTargets(List.of("pg://web/pages")).build()));
        }
        producer.flush();
    }

    /** Whether records keyed (verdicts) or naming (requests) every id arrive within a minute. */
    private static <V> boolean awaitAll(KafkaConsumer<String, V> consumer, Set<String> ids) {
        Set<String> seen = new HashSet<>();
        PipelineFixture.readUntil(consumer, Duration.ofSeconds(60), read -> {
            read.stream().map(ConsumerRecord::value).map(v -> v instanceof ApprovalRequest a ? a.getIntentId() : ((Verdict) v).getIntentId())
                    .filter(ids::contains).collect(Collectors.toCollection(() -> seen));
            return seen.containsAll(ids);
        });
        return seen.containsAll(ids);
    }
}
