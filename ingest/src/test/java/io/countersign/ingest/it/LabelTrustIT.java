package io.countersign.ingest.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.ingest.IngestConfig;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.countersign.ingest.it.GatewayFixture.AGENT_KEY;
import static io.countersign.ingest.it.GatewayFixture.LABEL_PRODUCER_KEY;
import static io.countersign.ingest.it.GatewayFixture.LINEAGE_KEY;
import static io.countersign.ingest.it.GatewayFixture.STEWARD_KEY;
import static io.countersign.ingest.it.IngestGatewayIT.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Labels are a steward's decision: OpenLineage tags from an agent or an untrusted producer change no
 * label (the lineage still counts), a producer trusted for labels may only add labels and never a
 * non-sensitive one to a declared dataset, labels go only to dataset URIs the steward API can manage,
 * and every declaration says who made it.
 */
@WithCountersignStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabelTrustIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private GatewayFixture fixture;
    private URI url;

    @BeforeAll
    void start(Endpoints endpoints) throws Exception {
        fixture = new GatewayFixture(endpoints);
        fixture.startPipeline(PolicyLoader.shippedDefault());
        url = fixture.gateway(0, IngestConfig.DEFAULTS).url();
    }

    @AfterAll
    void stop() throws Exception {
        fixture.close();
    }

    private static String datasetEvent(String namespace, String name, String tagKey, String tagValue) {
        return """
                {"eventTime": "2026-11-23T10:00:00.000Z", "producer": "https://example.com/catalogue",
                 "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent",
                 "dataset": {"namespace": "%s", "name": "%s",
                             "facets": {"tags": {"_producer": "https://example.com", "_schemaURL": "https://openlineage.io/spec/facets/1-0-0/TagsDatasetFacet.json",
                                                 "tags": [{"key": "%s", "value": "%s"}]}}}}
                """.formatted(namespace, name, tagKey, tagValue);
    }

    private JsonNode labelsOf(String dataset) throws Exception {
        HttpResponse<String> r = fixture.get(url, "/v1/datasets/" + enc(dataset) + "/labels", STEWARD_KEY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private JsonNode postLineage(String key, String event) throws Exception {
        HttpResponse<String> r = fixture.post(url, "/api/v1/lineage", key, event);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    private void declare(String dataset, String labels) throws Exception {
        assertThat(fixture.send(url, "PUT", "/v1/datasets/" + enc(dataset) + "/labels", STEWARD_KEY, "{\"labels\": " + labels + "}", Map.of())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void anAgentsTagsChangeNoLabel() throws Exception {
        String team = "pg://team-" + UUID.randomUUID();
        long declared = fixture.count(Topics.LABELS_DECLARED.name());
        // Unlabelled (UNCLASSIFIED to the pipeline): PUBLIC would make an export inside ALLOWED.
        JsonNode r = postLineage(AGENT_KEY, datasetEvent(team, "orders", "sensitivity", "PUBLIC"));
        assertThat(r.get("labelledDatasets").asInt()).isZero();
        assertThat(r.get("ignoredLabels").asInt()).isEqualTo(1);
        assertThat(labelsOf(team + "/orders").get("labels")).isEmpty();
        // Another team's labelled dataset is not the agent's to mark either.
        declare(team + "/customers", "[\"PII\"]");
        postLineage(AGENT_KEY, datasetEvent(team, "customers", "secret", "true"));
        assertThat(labelsOf(team + "/customers").get("labels")).extracting(JsonNode::asText).containsExactly("PII");
        // An OpenLineage producer not trusted for labels: the same.
        postLineage(LINEAGE_KEY, datasetEvent(team, "orders", "classification", "internal"));
        assertThat(labelsOf(team + "/orders").get("labels")).isEmpty();
        assertThat(fixture.count(Topics.LABELS_DECLARED.name()) - declared).as("only the steward's declaration").isEqualTo(1);
    }

    /** The verdict of reading {@code dataset} inside, under the shipped policy. */
    private String readInside(String dataset) throws Exception {
        HttpResponse<String> r = fixture.post(url, "/v1/intents", AGENT_KEY, IngestGatewayIT.intent("db.read", dataset, false, null));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = JSON.readTree(r.body()).get("intentId").asText();
        return JSON.readTree(fixture.get(url, "/v1/intents/" + id + "?wait=30s", AGENT_KEY).body()).get("status").asText();
    }

    @Test
    void anAgentCannotLabelItsWayToAnAllowedAction() throws Exception {
        String mine = "pg://team-" + UUID.randomUUID() + "/orders";
        String control = "pg://team-" + UUID.randomUUID() + "/handbook";
        int slash = mine.lastIndexOf('/');
        postLineage(AGENT_KEY, datasetEvent(mine.substring(0, slash), mine.substring(slash + 1), "sensitivity", "PUBLIC"));
        // Control: a label written after the agent's attempt reaches the pipeline (PUBLIC from the trusted
        // producer on a dataset nobody declared), so the pipeline has seen whatever the agent could write.
        slash = control.lastIndexOf('/');
        postLineage(LABEL_PRODUCER_KEY, datasetEvent(control.substring(0, slash), control.substring(slash + 1), "sensitivity", "PUBLIC"));
        String controlVerdict = readInside(control);
        for (int attempt = 0; attempt < 20 && !controlVerdict.equals("ALLOWED"); attempt++) {
            Thread.sleep(500);
            controlVerdict = readInside(control);
        }
        assertThat(controlVerdict).isEqualTo("ALLOWED");
        assertThat(readInside(mine)).as("UNCLASSIFIED still, so a steward reviews it").isEqualTo("PENDING_REVIEW");
    }

    @Test
    void aTrustedProducerAddsLabelsButNeverLowersAStewardsDeclaration() throws Exception {
        String ds = "pg://crm-" + UUID.randomUUID();
        declare(ds + "/customers", "[\"PII\"]");
        assertThat(postLineage(LABEL_PRODUCER_KEY, datasetEvent(ds, "customers", "phi", "true")).get("labelledDatasets").asInt()).isEqualTo(1);
        JsonNode r = postLineage(LABEL_PRODUCER_KEY, datasetEvent(ds, "customers", "sensitivity", "PUBLIC"));
        assertThat(r.get("labelledDatasets").asInt()).isZero();
        assertThat(r.get("ignoredLabels").asInt()).isEqualTo(1);
        JsonNode labels = labelsOf(ds + "/customers");
        assertThat(labels.get("labels")).extracting(JsonNode::asText).containsExactly("PII", "PHI");
        assertThat(labels.at("/declared/0/declaredBy").asText()).isEqualTo("user:carol@example.com");
        assertThat(labels.at("/declared/1/declaredBy").asText()).isEqualTo("service:catalogue");
        assertThat(labels.get("updatedBy").asText()).isEqualTo("service:catalogue");

        // A dataset a steward declared with only INTERNAL: still no PUBLIC from tags.
        declare(ds + "/wiki", "[\"INTERNAL\"]");
        postLineage(LABEL_PRODUCER_KEY, datasetEvent(ds, "wiki", "sensitivity", "PUBLIC"));
        assertThat(labelsOf(ds + "/wiki").get("labels")).extracting(JsonNode::asText).containsExactly("INTERNAL");
        // Where nobody declared anything, the trusted producer's word is the first declaration.
        postLineage(LABEL_PRODUCER_KEY, datasetEvent(ds, "handbook", "sensitivity", "PUBLIC"));
        assertThat(labelsOf(ds + "/handbook").get("labels")).extracting(JsonNode::asText).containsExactly("PUBLIC");
    }

    @Test
    void labelsGoOnlyUnderDatasetUrisAStewardCanManageAndLineageStillCounts() throws Exception {
        long edges = fixture.count(Topics.LINEAGE.name());
        String id = UUID.randomUUID().toString();
        String run = """
                {"eventTime": "2026-11-23T10:00:00.000Z", "eventType": "COMPLETE", "producer": "https://example.com/airflow",
                 "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                 "run": {"runId": "3f5e83fa-3480-44ff-99c5-ff943904e5e9"}, "job": {"namespace": "airflow", "name": "copy"},
                 "inputs": [{"namespace": "warehouse", "name": "sales-%1$s",
                             "facets": {"tags": {"_producer": "https://example.com", "_schemaURL": "https://openlineage.io/spec/facets/1-0-0/TagsDatasetFacet.json",
                                                 "tags": [{"key": "pii", "value": "true"}]}}}],
                 "outputs": [{"namespace": "s3://lake", "name": "sales-%1$s"}]}
                """.formatted(id);
        JsonNode r = postLineage(LABEL_PRODUCER_KEY, run);
        assertThat(r.get("edges").asInt()).isEqualTo(1);
        assertThat(fixture.count(Topics.LINEAGE.name()) - edges).isEqualTo(1);
        // A namespace that is a plain name becomes an openlineage:// dataset URI: the label goes there, where a
        // steward can read and remove it (never under a key such as "warehouse/sales" that the API cannot name).
        assertThat(r.get("labelledDatasets").asInt()).isEqualTo(1);
        String dataset = "openlineage://warehouse/sales-" + id;
        assertThat(labelsOf(dataset).get("labels")).extracting(JsonNode::asText).containsExactly("PII");
        assertThat(fixture.send(url, "DELETE", "/v1/datasets/" + enc(dataset) + "/labels", STEWARD_KEY, null, Map.of()).statusCode())
                .isEqualTo(200);
        assertThat(labelsOf(dataset).get("labels")).isEmpty();
    }

    @Test
    void aStewardCanRemoveLabelsAnEarlierGatewayLeftUnderAKeyThatIsNotAUri() throws Exception {
        String legacy = "warehouse/legacy-" + UUID.randomUUID();
        try (KafkaProducer<String, DatasetLabels> p = new KafkaProducer<>(fixture.kafka.clientProperties(Map.of(ProducerConfig.ACKS_CONFIG, "all")),
                new StringSerializer(), Topics.LABELS_DECLARED.valueSerde(fixture.registry).serializer())) {
            p.send(new ProducerRecord<>(Topics.LABELS_DECLARED.name(), legacy, DatasetLabels.newBuilder().setDataset(legacy)
                    .setLabels(List.of(LabelEntry.newBuilder().setLabel("SECRET").setSource(LabelSource.DECLARED).build()))
                    .setUpdatedBy("agent:exporter").setUpdatedAt(Instant.now()).build())).get();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        // Until the gateway's view holds the legacy declaration, the key is just text that is not a URI: 400.
        while (fixture.get(url, "/v1/datasets/" + enc(legacy) + "/labels", STEWARD_KEY).statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(labelsOf(legacy).get("labels")).extracting(JsonNode::asText).containsExactly("SECRET");
        HttpResponse<String> r = fixture.send(url, "DELETE", "/v1/datasets/" + enc(legacy) + "/labels", STEWARD_KEY, null, Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(fixture.get(url, "/v1/datasets/" + enc(legacy) + "/labels", STEWARD_KEY).statusCode())
                .as("nothing is declared under it any more, and it is not a dataset URI").isEqualTo(400);
        // Nothing declared there: a key that is not a URI is refused as before.
        assertThat(fixture.send(url, "DELETE", "/v1/datasets/" + enc(legacy) + "/labels", STEWARD_KEY, null, Map.of()).statusCode()).isEqualTo(400);
    }

    @Test
    void aStewardsDeclarationSaysWhoMadeIt() throws Exception {
        String ds = "pg://hr-" + UUID.randomUUID() + "/salaries";
        declare(ds, "[\"pii\", \"finance\"]");
        JsonNode labels = labelsOf(ds);
        assertThat(labels.get("updatedBy").asText()).isEqualTo("user:carol@example.com");
        assertThat(labels.get("updatedAt").asText()).isNotBlank();
        assertThat(labels.get("declared")).extracting(l -> l.get("label").asText() + " by " + l.get("declaredBy").asText())
                .containsExactly("PII by user:carol@example.com", "FINANCE by user:carol@example.com");
    }

    private static String maskedRun(String id) {
        return """
                {"eventTime": "2026-11-23T10:00:00.000Z", "eventType": "COMPLETE", "producer": "https://example.com/agent",
                 "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                 "run": {"runId": "3f5e83fa-3480-44ff-99c5-ff943904e5ea"}, "job": {"namespace": "agents", "name": "export-%1$s"},
                 "inputs": [{"namespace": "pg://crm", "name": "customers-%1$s"}],
                 "outputs": [{"namespace": "s3://drop", "name": "customers-%1$s.csv",
                              "facets": {"columnLineage": {"_producer": "https://example.com", "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json",
                                         "fields": {"EMAIL": {"inputFields": [{"namespace": "pg://crm", "name": "customers-%1$s", "field": "EMAIL",
                                                    "transformations": [{"type": "DIRECT", "subtype": "TRANSFORMATION", "masking": true}]}]}}}}}]}
                """.formatted(id);
    }

    @Test
    void anAgentCannotDeclareItsOutputMaskedToStopLabelsFollowingIt() throws Exception {
        JsonNode fromAgent = postLineage(AGENT_KEY, maskedRun(UUID.randomUUID().toString()));
        assertThat(fromAgent.get("edges").asInt()).isEqualTo(1);
        assertThat(fromAgent.get("edgesCarryingLabels").asInt()).as("written as TRANSFORMATION: labels follow it").isEqualTo(1);
        assertThat(fromAgent.get("edgesCarryingLabelsReason").asText()).contains("lineage or label-producer role");
        JsonNode fromProducer = postLineage(LINEAGE_KEY, maskedRun(UUID.randomUUID().toString()));
        assertThat(fromProducer.has("edgesCarryingLabels")).as("a lineage producer may say its output is masked").isFalse();
    }
}
