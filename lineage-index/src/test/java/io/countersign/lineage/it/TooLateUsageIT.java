package io.countersign.lineage.it;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.lineage.LineageIndexJob;
import io.countersign.lineage.domain.IntentEvent;
import io.countersign.lineage.testing.DeadLetterTopic;
import io.countersign.lineage.testing.InMemorySource;
import io.countersign.lineage.testing.IndexStack;
import io.countersign.lineage.testing.LateUse;
import io.countersign.schema.DeadLetter;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Requests;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A use that arrives more than two days behind the watermark (its hourly rollup is closed) goes to
 * {@code countersign.dead-letters} with the reason, and the job keeps running and indexing the uses
 * after it. The intents come from an in-memory source (a verdict three days old cannot come out of the
 * real pipeline, whose clock is now); index, dead letters and the other sources are the real ones.
 */
@WithCountersignStack
class TooLateUsageIT {

    @Test
    void aUseTwoDaysLateIsDeadLetteredAndTheJobKeepsRunning(Endpoints endpoints) throws Exception {
        IndexStack stack = IndexStack.provision(endpoints);
        KafkaSettings kafka = stack.kafka();
        SchemaRegistryClient registry = stack.registry();
        OpenSearchClient search = stack.search();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String dataset = "pg://sales/late-" + run;
        var intents = InMemorySource.of(IntentEvent.class, LateUse.PER_SECOND, LateUse.among(run, dataset, System.currentTimeMillis()));
        Configuration noRestarts = new Configuration();
        noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none"); // a failing sink fails the job at once, visibly
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(noRestarts);
        env.setParallelism(1);
        env.enableCheckpointing(500);
        LineageIndexJob.Sources kafkaSources = LineageIndexJob.Sources.kafka(endpoints.kafkaBootstrap(), endpoints.registryUrl(), "late-" + run);
        LineageIndexJob.build(env, new LineageIndexJob.Sources(kafkaSources.index(), kafkaSources.graph(), intents),
                LineageIndexJob.Sinks.of(endpoints.openSearchUrl(), endpoints.kafkaBootstrap(), endpoints.registryUrl()));
        JobClient job = env.executeAsync("too-late-usage-it");
        var ended = job.getJobExecutionResult();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                failIfEnded(ended);
                return letterAbout(kafka, registry, dataset).isPresent() && usageOf(search, "agent:after-" + run).contains("\"total\":1");
            });
            DeadLetter letter = letterAbout(kafka, registry, dataset).orElseThrow();
            assertThat(letter.getReason()).contains("agent:late-" + run, "more than 2 days behind the watermark");
            assertThat(letter.getStage()).isEqualTo("process");
            assertThat(letter.getSourceTopic()).isEqualTo("usage-hourly-window");
            assertThat(letter.getSourcePartition()).isEqualTo(-1);
            assertThat(letter.getSourceOffset()).isEqualTo(-1L);
            assertThat(usageOf(search, "agent:late-" + run)).as("no rollup for the closed hour").doesNotContain("\"_source\"");
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            if (!ended.isDone()) {
                job.cancel().get();
            }
        }
    }

    /** A job that ended has failed here (its Kafka sources never end): fail the test with the job's own cause. */
    private static void failIfEnded(Future<?> ended) throws Exception {
        if (ended.isDone()) {
            ended.get();
            throw new AssertionError("the job ended although its Kafka sources do not");
        }
    }

    private static Optional<DeadLetter> letterAbout(KafkaSettings kafka, SchemaRegistryClient registry, String dataset) {
        return DeadLetterTopic.read(kafka, registry, "lineage-index").stream().filter(d -> d.getReason().contains(dataset)).findFirst();
    }

    /** The hourly rollups of {@code agent}, as OpenSearch returns the search. */
    private static String usageOf(OpenSearchClient search, String agent) throws Exception {
        search.generic().execute(Requests.builder().method("POST").endpoint("/countersign-usage/_refresh").build()).close();
        try (var r = search.generic().execute(Requests.builder().method("POST").endpoint("/countersign-usage/_search")
                .json("{\"query\": {\"term\": {\"agent\": \"" + agent + "\"}}}").build())) {
            return r.getBody().map(b -> new String(b.bodyAsBytes(), StandardCharsets.UTF_8)).orElse("");
        }
    }
}
