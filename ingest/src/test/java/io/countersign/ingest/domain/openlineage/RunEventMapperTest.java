package io.countersign.ingest.domain.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.schema.ColumnLineage;
import io.countersign.schema.EdgeOrigin;
import io.countersign.schema.LineageEdge;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OpenLineage events from the spec's own examples (src/test/resources/openlineage/README.md) into edges and labels. */
class RunEventMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = RunEventMapperTest.class.getResourceAsStream("/openlineage/" + name)) {
            return JSON.readTree(in);
        }
    }

    /** Named fixture builder: a COMPLETE RunEvent from Snowflake's CUSTOMERS and DISCOUNTS to CUSTOMER_DISCOUNTS. */
    static ObjectNode customerDiscountsRun(JsonNode outputFacets) {
        ObjectNode e = JSON.createObjectNode();
        e.put("eventTime", "2026-11-23T10:00:00.000Z").put("eventType", "COMPLETE")
                .put("producer", "https://github.com/OpenLineage/OpenLineage/tree/1.40.0/integration/dbt")
                .put("schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent");
        e.putObject("run").put("runId", "3f5e83fa-3480-44ff-99c5-ff943904e5e8");
        e.putObject("job").put("namespace", "dbt").put("name", "marts.customer_discounts");
        ArrayNode inputs = e.putArray("inputs");
        inputs.addObject().put("namespace", "SnowflakeOpenLineage").put("name", "CUSTOMERS");
        inputs.addObject().put("namespace", "SnowflakeOpenLineage").put("name", "DISCOUNTS");
        ObjectNode out = e.putArray("outputs").addObject().put("namespace", "SnowflakeOpenLineage").put("name", "CUSTOMER_DISCOUNTS");
        if (outputFacets != null) {
            out.set("facets", outputFacets);
        }
        return e;
    }

    @Test
    void theSpecsColumnLineageExampleGivesOneEdgePerInputWithItsColumns() throws IOException {
        LineageBatch batch = RunEventMapper.map(customerDiscountsRun(resource("ColumnLineageDatasetFacet-1.json")));
        assertThat(batch.eventType()).isEqualTo("COMPLETE");
        assertThat(batch.edges()).extracting(LineageEdge::getSource).containsExactly(
                "openlineage://snowflakeopenlineage/CUSTOMERS", "openlineage://snowflakeopenlineage/DISCOUNTS");
        LineageEdge customers = batch.edges().get(0);
        assertThat(customers.getTarget()).isEqualTo("openlineage://snowflakeopenlineage/CUSTOMER_DISCOUNTS");
        assertThat(customers.getOrigin()).isEqualTo(EdgeOrigin.OPENLINEAGE);
        assertThat(customers.getJob()).isEqualTo("dbt/marts.customer_discounts");
        assertThat(customers.getRunId()).isEqualTo("3f5e83fa-3480-44ff-99c5-ff943904e5e8");
        assertThat(customers.getObservedAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(customers.getColumns()).hasSize(5);
        assertThat(customers.getColumns().get(0)).extracting(ColumnLineage::getOutputField, ColumnLineage::getInputField,
                ColumnLineage::getTransformationType, ColumnLineage::getTransformationSubtype).containsExactly("NAME", "NAME", "DIRECT", "IDENTITY");
        assertThat(customers.getTransformation()).as("identity and join columns together").isEqualTo("TRANSFORMATION");
        assertThat(batch.edges().get(1).getColumns()).hasSize(7);
        assertThat(customers.getEdgeId()).hasSize(64).isNotEqualTo(batch.edges().get(1).getEdgeId());
        // Pinned: edges already in countersign.lineage and OpenSearch keep this id.
        assertThat(customers.getEdgeId()).isEqualTo("be901828a9c10b82628c6560120f85a95217544e96c45ae0a4c5e798ed5c4f43");
    }

    @Test
    void edgeIdsAreStableSoAReSentEventRewritesTheSameEdges() throws IOException {
        ObjectNode event = customerDiscountsRun(resource("ColumnLineageDatasetFacet-1.json"));
        assertThat(RunEventMapper.map(event).edges()).extracting(LineageEdge::getEdgeId)
                .isEqualTo(RunEventMapper.map(event.deepCopy()).edges().stream().map(LineageEdge::getEdgeId).toList());
    }

    @Test
    void theSpecsRunEventExamplesAreAccepted() throws IOException {
        LineageBatch start = RunEventMapper.map(resource("serde_example_run_event.json"));
        assertThat(start.eventType()).isEqualTo("START");
        assertThat(start.edges()).isEmpty();
        LineageBatch full = RunEventMapper.map(resource("example_full_event.json"));
        assertThat(full.eventType()).isEqualTo("COMPLETE");
        assertThat(full.edges()).isEmpty();
    }

    @Test
    void realProducersEventsMapToTheirEdges() throws IOException {
        LineageBatch complete = RunEventMapper.map(resource("fluentd-test-complete.json"));
        assertThat(complete.edges()).extracting(LineageEdge::getSource, LineageEdge::getTarget)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("openlineage://my-namespace/my-input", "openlineage://my-namespace/my-output"));
        assertThat(RunEventMapper.map(resource("fluentd-test-start.json")).eventType()).isEqualTo("START");
        assertThat(RunEventMapper.map(resource("fluentd-event_simple.json")).edges()).hasSize(2);
        assertThat(RunEventMapper.map(resource("fluentd-event_full.json")).edges()).isNotEmpty();
        assertThatThrownBy(() -> RunEventMapper.map(resource("fluentd-event_no_run_id.json"))).isInstanceOf(InvalidEventException.class)
                .extracting(e -> ((InvalidEventException) e).field()).isEqualTo("run.runId");
    }

    @Test
    void staticJobAndDatasetEventsFromThePythonClientAreAccepted() throws IOException {
        LineageBatch job = RunEventMapper.map(resource("serde_example_job_event.json"));
        assertThat(job.eventType()).isEqualTo("JOB");
        assertThat(job.edges()).singleElement().satisfies(e -> {
            assertThat(e.getSource()).isEqualTo("openlineage://openlineage/dataset_a");
            assertThat(e.getTarget()).isEqualTo("openlineage://openlineage/dataset_b");
            assertThat(e.getRunId()).isNull();
        });
        LineageBatch dataset = RunEventMapper.map(resource("serde_example_dataset_event.json"));
        assertThat(dataset.eventType()).isEqualTo("DATASET");
        assertThat(dataset.edges()).isEmpty();
    }

    @Test
    void theSparkIcebergColumnLineageExampleIsRead() throws IOException {
        LineageBatch batch = RunEventMapper.map(customerDiscountsRun(resource("ColumnLineageDatasetFacet-2.json")));
        assertThat(batch.edges()).allSatisfy(e -> assertThat(e.getTarget()).isEqualTo("openlineage://snowflakeopenlineage/CUSTOMER_DISCOUNTS"));
        assertThat(batch.edges().stream().mapToInt(e -> e.getColumns().size()).sum()).isPositive();
    }

    @Test
    void edgesAreMaskedOrAggregatedOnlyWhenEveryColumnIs() {
        assertThat(transformation(List.of(col("t1", true, "TRANSFORMATION"), col("t2", true, "IDENTITY")))).isEqualTo("MASKED");
        assertThat(transformation(List.of(col("t1", true, "TRANSFORMATION"), col("t2", false, "IDENTITY")))).as("one column leaks").isEqualTo("TRANSFORMATION");
        assertThat(transformation(List.of(col("t1", false, "AGGREGATION"), col("t2", false, "AGGREGATION")))).isEqualTo("AGGREGATION");
        assertThat(transformation(List.of(col("t1", false, "IDENTITY")))).isEqualTo("IDENTITY");
        assertThat(RunEventMapper.map(customerDiscountsRun(null)).edges()).extracting(LineageEdge::getTransformation)
                .containsOnly("UNKNOWN");
    }

    private static String transformation(List<ObjectNode> columns) {
        ObjectNode facets = JSON.createObjectNode();
        ObjectNode fields = facets.putObject("columnLineage").putObject("fields");
        for (ObjectNode c : columns) {
            fields.putObject(c.get("out").asText()).putArray("inputFields").add(c.get("in"));
        }
        ObjectNode event = customerDiscountsRun(facets);
        ((ArrayNode) event.get("inputs")).remove(1);
        return RunEventMapper.map(event).edges().get(0).getTransformation();
    }

    private static ObjectNode col(String out, boolean masking, String subtype) {
        ObjectNode c = JSON.createObjectNode().put("out", out);
        ObjectNode in = c.putObject("in").put("namespace", "SnowflakeOpenLineage").put("name", "CUSTOMERS").put("field", "EMAIL");
        in.putArray("transformations").addObject().put("type", "DIRECT").put("subtype", subtype).put("masking", masking);
        return c;
    }

    @Test
    void labelsComeFromLabelLikeTagsOnly() throws IOException {
        ObjectNode facets = (ObjectNode) resource("TagsDatasetFacet-1.json");
        assertThat(RunEventMapper.map(customerDiscountsRun(facets)).labelsByDataset()).as("the spec's example tags are not labels").isEmpty();
        ArrayNode tags = (ArrayNode) facets.get("tags").get("tags");
        tags.addObject().put("key", "sensitivity").put("value", "pii").put("field", "email");
        tags.addObject().put("key", "phi").put("value", "true");
        assertThat(RunEventMapper.map(customerDiscountsRun(facets)).labelsByDataset())
                .isEqualTo(Map.of("openlineage://snowflakeopenlineage/CUSTOMER_DISCOUNTS", java.util.Set.of("PII", "PHI")));
    }

    @Test
    void aDatasetEventGivesLabelsAndNoEdges() {
        ObjectNode e = JSON.createObjectNode().put("eventTime", "2026-11-23T10:00:00Z").put("producer", "https://example.com/catalog")
                .put("schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent");
        ObjectNode ds = e.putObject("dataset").put("namespace", "postgres://db:5432").put("name", "crm.public.customers");
        ds.putObject("facets").putObject("tags").putArray("tags").addObject().put("key", "classification").put("value", "PII");
        LineageBatch batch = RunEventMapper.map(e);
        assertThat(batch.edges()).isEmpty();
        assertThat(batch.eventType()).isEqualTo("DATASET");
        assertThat(batch.labelsByDataset()).containsEntry("pg://db/crm.public.customers", java.util.Set.of("PII"));
    }

    @Test
    void everySpecViolationNamesItsField() {
        assertField(e -> e.remove("eventTime"), "eventTime");
        assertField(e -> e.put("eventTime", "yesterday"), "eventTime");
        assertField(e -> e.put("producer", "not a uri"), "producer");
        assertField(e -> e.remove("schemaURL"), "schemaURL");
        assertField(e -> ((ObjectNode) e.get("run")).put("runId", "42"), "run.runId");
        assertField(e -> e.remove("run"), "run");
        assertField(e -> ((ObjectNode) e.get("job")).remove("name"), "job.name");
        assertField(e -> ((ObjectNode) e.get("inputs").get(0)).remove("namespace"), "inputs[0].namespace");
        assertField(e -> ((ObjectNode) e.get("outputs").get(0)).put("name", 7), "outputs[0].name");
        assertField(e -> e.put("eventType", "DONE"), "eventType");
        assertField(e -> {
            ArrayNode many = e.putArray("inputs");
            for (int i = 0; i <= RunEventMapper.MAX_DATASETS; i++) {
                many.addObject().put("namespace", "n").put("name", "t" + i);
            }
        }, "inputs");
    }

    private static void assertField(Consumer<ObjectNode> change, String field) {
        ObjectNode e = customerDiscountsRun(null);
        change.accept(e);
        assertThatThrownBy(() -> RunEventMapper.map(e)).as(field).isInstanceOf(InvalidEventException.class)
                .extracting(x -> ((InvalidEventException) x).field()).isEqualTo(field);
    }

    @Test
    void datasetUrisJoinNamespaceAndNameInCanonicalForm() {
        assertThat(RunEventMapper.datasetUri("postgres://db:5432", "crm.public.customers", "x")).isEqualTo("pg://db/crm.public.customers");
        assertThat(RunEventMapper.datasetUri("POSTGRES://DB", "CRM.Public.Customers", "x")).isEqualTo("pg://db/crm.public.customers");
        assertThat(RunEventMapper.datasetUri("s3://bucket/", "path/file", "x")).isEqualTo("s3://bucket/path/file");
        assertThat(RunEventMapper.datasetUri("s3a://Bucket", "/path//my file%.csv", "x")).isEqualTo("s3://bucket/path/my%20file%25.csv");
        assertThat(RunEventMapper.datasetUri("bigquery", "proj.Sales.Orders", "x")).isEqualTo("openlineage://bigquery/proj.Sales.Orders");
    }

    @Test
    void aDatasetWithoutACanonicalUriIsRefusedNamingIt() {
        assertField(e -> ((ObjectNode) e.get("inputs").get(1)).put("name", "DIS\u0000COUNTS"), "inputs[1]");
        assertField(e -> ((ObjectNode) e.get("outputs").get(0)).put("namespace", "snowflake://аcme"), "outputs[0]");
        assertField(e -> ((ObjectNode) e.get("inputs").get(0)).put("namespace", "postgres://admin:pw@db"), "inputs[0]");
    }
}
