package io.countersign.lineage.it;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.lineage.testing.IndexStack;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.EdgeOrigin;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import io.countersign.schema.LineageEdge;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;
import io.countersign.search.LineageQueries;
import io.countersign.search.OpenSearchClients;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A label declared upstream reaches a dataset three hops down through the job (A → B → C → D), with its
 * provenance path, on {@code countersign.labels.inherited}; the decision pipeline then classifies an
 * intent on D by it; a masking edge stops it.
 */
@WithCountersignStack
class LabelPropagationIT {

    @Test
    void aLabelDeclaredUpstreamReachesThreeHopsDownAndThePipelineUsesIt(Endpoints endpoints) throws Exception {
        IndexStack stack = IndexStack.provision(endpoints);
        KafkaSettings kafka = stack.kafka();
        SchemaRegistryClient registry = stack.registry();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String a = "pg://crm/customers-" + run;
        String b = "s3://lake/raw-" + run;
        String c = "s3://lake/clean-" + run;
        String d = "s3://marts/churn-" + run;
        String masked = "s3://marts/masked-" + run;
        UsageAndExecutionLineageIT.Produce.to(kafka, registry, Topics.LINEAGE, "e1-" + run, edge(a, b, "IDENTITY", run + "1"));
        UsageAndExecutionLineageIT.Produce.to(kafka, registry, Topics.LINEAGE, "e2-" + run, edge(b, c, "TRANSFORMATION", run + "2"));
        UsageAndExecutionLineageIT.Produce.to(kafka, registry, Topics.LINEAGE, "e3-" + run, edge(c, d, "UNKNOWN", run + "3"));
        UsageAndExecutionLineageIT.Produce.to(kafka, registry, Topics.LINEAGE, "e4-" + run, edge(c, masked, "MASKED", run + "4"));
        UsageAndExecutionLineageIT.Produce.to(kafka, registry, Topics.LABELS_DECLARED, a, DatasetLabels.newBuilder().setDataset(a)
                .setLabels(List.of(LabelEntry.newBuilder().setLabel("PII").setSource(LabelSource.DECLARED).build())).setUpdatedAt(Instant.now()).build());

        var policy = PolicyLoader.parse("""
                defaultEffect: allow
                rules:
                  - id: no-pii-reads
                    condition: "'PII' in labels"
                    effect: deny
                """, "propagation-it.yaml");
        JobClient job = IndexStack.startJob(endpoints, "propagation-" + run);
        try (StreamProcessors pipeline = stack.pipeline().applicationId("countersign-propagation-it").start(policy)) {
            Map<String, DatasetLabels> inherited = new HashMap<>();
            try (KafkaConsumer<String, DatasetLabels> consumer = new KafkaConsumer<>(kafka.clientProperties(Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, "it-" + run, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
                    new StringDeserializer(), Topics.LABELS_INHERITED.valueSerde(registry).deserializer())) {
                consumer.subscribe(List.of(Topics.LABELS_INHERITED.name()));
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> inherited.put(r.key(), r.value()));
                    return inherited.containsKey(d);
                });
            }
            LabelEntry atD = inherited.get(d).getLabels().get(0);
            assertThat(atD.getLabel()).isEqualTo("PII");
            assertThat(atD.getSource()).isEqualTo(LabelSource.INHERITED);
            assertThat(atD.getProvenance()).containsExactly(a, b, c, d);
            assertThat(atD.getVia()).containsExactly("job-" + run + "1", "job-" + run + "2", "job-" + run + "3");
            assertThat(inherited).containsKeys(b, c).doesNotContainKey(masked);

            // The same story from the index: the graph around C and why D is PII.
            LineageQueries queries = new LineageQueries(OpenSearchClients.create(endpoints.openSearchUrl()));
            await().atMost(Duration.ofSeconds(60)).until(() -> queries.why(d, "pii").isPresent() && queries.downstream(a, 3).size() == 4);
            assertThat(queries.downstream(a, 3)).extracting(LineageQueries.Hop::depth, LineageQueries.Hop::target).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple(1, b), org.assertj.core.groups.Tuple.tuple(2, c),
                    org.assertj.core.groups.Tuple.tuple(3, d), org.assertj.core.groups.Tuple.tuple(3, masked));
            assertThat(queries.downstream(a, 1)).hasSize(1);
            assertThat(queries.upstream(d, 10)).extracting(LineageQueries.Hop::source).containsExactly(c, b, a);
            LineageQueries.Explanation why = queries.why(d, "PII").orElseThrow();
            assertThat(why.declared()).isFalse();
            assertThat(why.path()).containsExactly(a, b, c, d);
            assertThat(queries.why(a, "PII").orElseThrow().declared()).isTrue();
            assertThat(queries.why(a.replace("pg://crm/", "PG://CRM:5432/./"), "PII")).as("any spelling of the dataset").isPresent();
            assertThat(queries.upstream(d.replace("s3://", "S3://").replace("/churn", "//churn"), 10)).hasSize(3);
            assertThat(queries.why(masked, "PII")).isEmpty();

            // The pipeline now classifies D as PII through lineage alone: nothing was declared on D.
            String intentId = "prop-" + run;
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                String id = intentId + "-" + UUID.randomUUID();
                UsageAndExecutionLineageIT.Produce.to(kafka, registry, Topics.INTENTS, id, ActionIntent.newBuilder().setIntentId(id).setOccurredAt(Instant.now())
                        .setAgent(AgentRef.newBuilder().setId("agent:reader").build()).setPrincipal("user:alice@example.com")
                        .setDelegationChain(List.of("user:alice@example.com", "agent:reader")).setAction("db.read").setTargets(List.of(d))
                        .setParameters(Map.of()).setEnvironment("prod").build());
                return verdictOf(kafka, registry, id) == Outcome.DENIED;
            });
        } finally {
            job.cancel().get();
        }
    }

    private static LineageEdge edge(String source, String target, String transformation, String job) {
        return LineageEdge.newBuilder().setEdgeId("edge-" + job).setSource(source).setTarget(target).setOrigin(EdgeOrigin.OPENLINEAGE)
                .setJob("job-" + job).setTransformation(transformation).setObservedAt(Instant.now()).build();
    }

    private static Outcome verdictOf(KafkaSettings kafka, SchemaRegistryClient registry, String intentId) {
        try (KafkaConsumer<String, Verdict> c = new KafkaConsumer<>(kafka.clientProperties(Map.of(ConsumerConfig.GROUP_ID_CONFIG,
                "v-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new StringDeserializer(), Topics.VERDICTS.valueSerde(registry).deserializer())) {
            c.subscribe(List.of(Topics.VERDICTS.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    if (r.key().equals(intentId)) {
                        return r.value().getOutcome();
                    }
                }
            }
        }
        return null;
    }
}
