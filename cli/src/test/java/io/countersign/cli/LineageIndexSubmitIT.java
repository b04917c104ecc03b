package io.countersign.cli;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topic;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.cluster.FlinkSessionCluster;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.lineage.LineageIndexJob;
import io.countersign.lineage.adapter.out.FlinkRestClient;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.EdgeOrigin;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import io.countersign.schema.LineageEdge;
import io.countersign.search.LineageQueries;
import io.countersign.search.OpenSearchClients;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code countersign lineage-index submit} against a real Flink standalone session cluster — a JobManager
 * and a TaskManager, each its own JVM ({@link FlinkSessionCluster}) — with the job jar the lineage-index
 * build shades: the job reaches RUNNING, a second submit is a no-op, and the job on the cluster works (a
 * label declared upstream reaches a dataset two hops down in OpenSearch).
 */
@WithCountersignStack
class LineageIndexSubmitIT {

    @Test
    void submitsTheJobOnceToASessionClusterWhereItPropagatesLabels(Endpoints endpoints, @TempDir Path dir) throws Exception {
        Path config = config(endpoints, dir);
        try (FlinkSessionCluster flink = FlinkSessionCluster.start(dir.resolve("flink"), 2, Duration.ofSeconds(90))) {
            String rest = flink.restUrl().toString();
            CliRun missing = CliRun.of("lineage-index", "submit", "--rest-url", rest, "--config", config.toString(), "--jar",
                    dir.resolve("nope.jar").toString());
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(missing.err()).contains("does not exist: build it with mvn -pl lineage-index -am package");

            CliRun first = CliRun.of("lineage-index", "submit", "--rest-url", rest, "--config", config.toString());
            assertThat(first.exit()).as(() -> first.out() + first.err() + "\n" + flink.jobManagerLogTail(60)).isZero();
            assertThat(first.out()).contains("Uploading countersign-lineage-index-", "Submitted countersign-lineage-index as job ", " is RUNNING.");
            FlinkRestClient client = new FlinkRestClient(flink.restUrl(), Duration.ofSeconds(10));
            List<FlinkRestClient.Job> jobs = client.jobs();
            assertThat(jobs).singleElement().satisfies(j -> {
                assertThat(j.name()).isEqualTo(LineageIndexJob.NAME);
                assertThat(j.state()).isEqualTo("RUNNING");
            });

            CliRun second = CliRun.of("lineage-index", "submit", "--rest-url", rest, "--config", config.toString());
            assertThat(second.exit()).as(second.err()).isZero();
            assertThat(second.out()).contains("countersign-lineage-index is already RUNNING", jobs.get(0).id(), "nothing submitted")
                    .doesNotContain("Uploading");
            assertThat(client.jobs()).hasSize(1);

            // The job on the cluster reads Kafka through the registry and writes OpenSearch.
            aLabelDeclaredUpstreamReachesTwoHopsDown(endpoints);
            assertThat(flink.taskManagers()).allMatch(Process::isAlive);
        }
    }

    @Test
    void runKeepsTheJobOnALoopbackMiniClusterInItsOwnProcessUntilSigterm(Endpoints endpoints, @TempDir Path dir) throws Exception {
        Path config = config(endpoints, dir);
        Path log = dir.resolve("run.out");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", classPath, CountersignCli.class.getName(), "lineage-index", "run", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !run.isAlive() || Files.readString(log).contains("running on a local Flink MiniCluster"));
            assertThat(run.isAlive()).as(() -> read(log)).isTrue();
            aLabelDeclaredUpstreamReachesTwoHopsDown(endpoints);

            run.destroy(); // SIGTERM
            assertThat(run.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("stops within 60 s of SIGTERM").isTrue();
            assertThat(read(log)).contains("lineage-index job cancelled; stopped.");
            assertThat(run.exitValue()).as("a clean stop").isZero();
        } finally {
            run.destroyForcibly();
        }
    }

    /** A label declared on A reaches C through A → B → C, as the job writes it to OpenSearch. */
    private static void aLabelDeclaredUpstreamReachesTwoHopsDown(Endpoints endpoints) throws Exception {
        KafkaSettings kafka = new KafkaSettings(endpoints.kafkaBootstrap(), Map.of());
        SchemaRegistryClient registry = new HttpSchemaRegistryClient(endpoints.registryUrl());
        String run = UUID.randomUUID().toString().substring(0, 8);
        String a = "pg://crm/customers-" + run;
        String b = "s3://lake/raw-" + run;
        String c = "s3://marts/churn-" + run;
        produce(kafka, registry, Topics.LINEAGE, "e1-" + run, edge(a, b, run + "1"));
        produce(kafka, registry, Topics.LINEAGE, "e2-" + run, edge(b, c, run + "2"));
        produce(kafka, registry, Topics.LABELS_DECLARED, a, DatasetLabels.newBuilder().setDataset(a)
                .setLabels(List.of(LabelEntry.newBuilder().setLabel("PII").setSource(LabelSource.DECLARED).build())).setUpdatedAt(Instant.now()).build());
        LineageQueries queries = new LineageQueries(OpenSearchClients.create(endpoints.openSearchUrl()));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> queries.why(c, "PII").isPresent());
        assertThat(queries.why(c, "PII").orElseThrow().path()).containsExactly(a, b, c);
    }

    private static Path config(Endpoints endpoints, Path dir) throws Exception {
        Path config = CliRun.initialised(endpoints, dir);
        Files.writeString(config, "opensearch:\n  url: " + endpoints.openSearchUrl() + "\n", java.nio.file.StandardOpenOption.APPEND);
        return config;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    private static LineageEdge edge(String source, String target, String job) {
        return LineageEdge.newBuilder().setEdgeId("edge-" + job).setSource(source).setTarget(target).setOrigin(EdgeOrigin.OPENLINEAGE)
                .setJob("job-" + job).setTransformation("IDENTITY").setObservedAt(Instant.now()).build();
    }

    private static <V extends SpecificRecord> void produce(KafkaSettings kafka, SchemaRegistryClient registry, Topic<String, V> topic, String key,
                                                           V value) throws Exception {
        try (var p = new KafkaProducer<>(kafka.clientProperties(Map.of(ProducerConfig.ACKS_CONFIG, "all")), new StringSerializer(),
                topic.valueSerde(registry).serializer())) {
            p.send(new ProducerRecord<>(topic.name(), key, value)).get();
        }
    }
}
