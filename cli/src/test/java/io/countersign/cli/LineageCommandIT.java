package io.countersign.cli;

import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.lineage.adapter.out.IndexSetup;
import io.countersign.search.OpenSearchClients;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Requests;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code countersign lineage downstream|upstream|why} against the real OpenSearch node and its lineage indices. */
@WithCountersignStack
class LineageCommandIT {

    @Test
    void answersDownstreamUpstreamAndWhyFromTheIndex(Endpoints endpoints) throws Exception {
        OpenSearchClient os = OpenSearchClients.create(endpoints.openSearchUrl());
        IndexSetup.ensure(os);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String a = "pg://crm/customers-" + run;
        String b = "s3://lake/raw-" + run;
        String c = "s3://marts/churn-" + run;
        put(os, "countersign-lineage-edges", "e1-" + run, "{\"edgeId\": \"e1-" + run + "\", \"source\": \"" + a + "\", \"target\": \"" + b
                + "\", \"job\": \"dbt/load\", \"transformation\": \"IDENTITY\"}");
        put(os, "countersign-lineage-edges", "e2-" + run, "{\"edgeId\": \"e2-" + run + "\", \"source\": \"" + b + "\", \"target\": \"" + c
                + "\", \"job\": \"dbt/churn\", \"transformation\": \"TRANSFORMATION\"}");
        put(os, "countersign-datasets", c, "{\"dataset\": \"" + c + "\", \"inheritedLabels\": [{\"label\": \"PII\", \"source\": \"INHERITED\","
                + " \"provenance\": [\"" + a + "\", \"" + b + "\", \"" + c + "\"], \"via\": [\"dbt/load\", \"dbt/churn\"]}]}");
        os.generic().execute(Requests.builder().method("POST").endpoint("/countersign-lineage-edges,countersign-datasets/_refresh").build()).close();

        CliRun down = CliRun.of("lineage", "downstream", a, "--depth", "5", "--opensearch", endpoints.openSearchUrl());
        assertThat(down.exit()).as(down.err()).isZero();
        assertThat(down.out()).contains("1  " + a + " -> " + b + "  (dbt/load, IDENTITY)", "2  " + b + " -> " + c + "  (dbt/churn, TRANSFORMATION)");
        CliRun up = CliRun.of("lineage", "upstream", c, "--depth", "1", "--opensearch", endpoints.openSearchUrl());
        assertThat(up.out()).contains(b + " -> " + c).doesNotContain(a + " -> " + b);
        CliRun why = CliRun.of("lineage", "why", c, "pii", "--opensearch", endpoints.openSearchUrl());
        assertThat(why.exit()).isZero();
        assertThat(why.out()).contains(c + " is PII, inherited from " + a, a + " -> " + b + "  via dbt/load", b + " -> " + c + "  via dbt/churn");
        CliRun not = CliRun.of("lineage", "why", a, "SECRET", "--opensearch", endpoints.openSearchUrl());
        assertThat(not.exit()).isEqualTo(1);
        assertThat(not.out()).contains("does not carry SECRET");
    }

    private static void put(OpenSearchClient os, String index, String id, String json) throws Exception {
        os.generic().execute(Requests.builder().method("PUT").endpoint("/" + index + "/_doc/" + URLEncoder.encode(id, StandardCharsets.UTF_8))
                .json(json).build()).close();
    }
}
