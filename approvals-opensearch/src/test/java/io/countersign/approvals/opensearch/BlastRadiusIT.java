package io.countersign.approvals.opensearch;

import io.countersign.approvals.domain.BlastRadius;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.lineage.adapter.out.IndexSetup;
import io.countersign.search.Indices;
import io.countersign.search.OpenSearchClients;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Requests;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blast radius computed from a lineage graph seeded into the real OpenSearch node, in the indices the
 * lineage-index job creates: three hops downstream of the target, a masking and an aggregating edge that
 * stop the walk (as they stop label propagation), a fourth hop beyond the depth, and agents inside and
 * outside the 30-day window.
 */
@WithCountersignStack
class BlastRadiusIT {

    @Test
    void countsTheDatasetsThatInheritTheTargetsLabelsTheirLabelsAndTheirAgents(Endpoints endpoints) throws Exception {
        OpenSearchClient os = OpenSearchClients.create(endpoints.openSearchUrl());
        IndexSetup.ensure(os);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String customers = "pg://crm/customers-" + run;
        String raw = "s3://lake/raw-" + run;
        String churn = "s3://marts/churn-" + run;
        String scores = "s3://marts/scores-" + run;
        String beyond = "s3://marts/beyond-" + run;
        String masked = "s3://lake/masked-" + run;
        String afterMasked = "s3://marts/after-masked-" + run;
        String totals = "s3://marts/totals-" + run;
        edge(os, run, customers, raw, "IDENTITY");
        edge(os, run, raw, churn, "TRANSFORMATION");
        edge(os, run, churn, scores, "IDENTITY");
        edge(os, run, scores, beyond, "IDENTITY");      // hop 4: past the depth
        edge(os, run, customers, masked, "MASKED");     // stops propagation: neither it nor what follows counts
        edge(os, run, masked, afterMasked, "IDENTITY");
        edge(os, run, raw, totals, "AGGREGATION");      // stops too
        edge(os, run, churn, raw, "IDENTITY");          // a cycle, visited once
        labels(os, raw, "inheritedLabels", "PII");
        labels(os, churn, "inheritedLabels", "PII", "PHI");
        labels(os, scores, "declaredLabels", "PUBLIC");
        labels(os, masked, "declaredLabels", "PII");
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        use(os, raw, "agent:etl-" + run, now.minus(2, ChronoUnit.DAYS));
        use(os, churn, "agent:etl-" + run, now.minus(1, ChronoUnit.DAYS));
        use(os, churn, "agent:analyst-" + run, now.minus(10, ChronoUnit.DAYS));
        use(os, scores, "agent:old-" + run, now.minus(40, ChronoUnit.DAYS));     // outside the window
        use(os, masked, "agent:masked-" + run, now.minus(1, ChronoUnit.DAYS));  // past a masking edge
        os.generic().execute(Requests.builder().method("POST").endpoint("/" + String.join(",", Indices.LINEAGE_EDGES, Indices.DATASETS,
                Indices.USAGE) + "/_refresh").build()).close();

        BlastRadiusConfig config = new BlastRadiusConfig(endpoints.openSearchUrl(), 3, 500, 5000, 60, 30);
        BlastRadius radius = config.lookup().of(List.of(customers)).orElseThrow();

        assertThat(radius).isEqualTo(new BlastRadius.Known(3, 3, false, Map.of("PII", 2, "PHI", 1), 2, 30));
        assertThat(radius.line()).isEqualTo("feeds 3 datasets in 3 hops, 2 labelled PII, 1 labelled PHI; used by 2 agents this month");

        BlastRadius capped = new BlastRadiusConfig(endpoints.openSearchUrl(), 3, 2, 5000, 60, 30).lookup().of(List.of(customers)).orElseThrow();
        assertThat(capped.line()).startsWith("feeds 2+ datasets in 2 hops, 2 labelled PII, 1 labelled PHI;");
    }

    private static void edge(OpenSearchClient os, String run, String source, String target, String transformation) throws Exception {
        String id = "e-" + UUID.randomUUID();
        put(os, Indices.LINEAGE_EDGES, id, "{\"edgeId\": \"" + id + "\", \"source\": \"" + source + "\", \"target\": \"" + target
                + "\", \"job\": \"dbt/" + run + "\", \"transformation\": \"" + transformation + "\"}");
    }

    private static void labels(OpenSearchClient os, String dataset, String side, String... labels) throws Exception {
        String entries = String.join(", ", java.util.Arrays.stream(labels).map(l -> "{\"label\": \"" + l + "\", \"source\": \""
                + (side.startsWith("declared") ? "DECLARED" : "INHERITED") + "\"}").toList());
        put(os, Indices.DATASETS, dataset, "{\"dataset\": \"" + dataset + "\", \"" + side + "\": [" + entries + "]}");
    }

    private static void use(OpenSearchClient os, String dataset, String agent, Instant hour) throws Exception {
        put(os, Indices.USAGE, UUID.randomUUID().toString(), "{\"dataset\": \"" + dataset + "\", \"agent\": \"" + agent + "\", \"hour\": \""
                + hour + "\", \"hourEnd\": \"" + hour.plus(1, ChronoUnit.HOURS) + "\", \"total\": 1, \"reads\": 1}");
    }

    private static void put(OpenSearchClient os, String index, String id, String json) throws Exception {
        try (var r = os.generic().execute(Requests.builder().method("PUT").endpoint("/" + index + "/_doc/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8)).json(json).build())) {
            assertThat(r.getStatus()).as("indexing into " + index).isLessThan(300);
        }
    }
}
