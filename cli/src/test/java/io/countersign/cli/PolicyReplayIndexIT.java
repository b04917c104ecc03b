package io.countersign.cli;

import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.lineage.adapter.out.IndexSetup;
import io.countersign.search.OpenSearchClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code countersign policy replay --index}: the history read from the OpenSearch audit index, more documents than
 * one page of the scan ({@code AuditIndexScan}, 2,000 a page), so paging with {@code search_after} neither skips
 * nor repeats one. Documents as lineage-index writes them, in a day of their own; the flips are counted by hand.
 */
@WithCountersignStack
class PolicyReplayIndexIT {

    private static final int DOCS = 2_500;

    @Test
    void replaysTheIndexedHistoryPageByPage(Endpoints endpoints, @TempDir Path dir) throws Exception {
        OpenSearchClient os = OpenSearchClients.create(endpoints.openSearchUrl());
        IndexSetup.ensure(os);
        Instant day = Instant.parse("2031-01-01T00:00:00Z").plus(Duration.ofDays(ThreadLocalRandom.current().nextInt(3_000)));
        String run = "replay-index-" + ThreadLocalRandom.current().nextInt(1_000_000) + "-";
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < DOCS; i++) {
            boolean export = i % 2 == 0;
            String label = i % 4 == 0 ? "PII" : "PUBLIC";
            bulk.append("{\"index\":{\"_index\":\"countersign-audit\",\"_id\":\"").append(run).append(i).append("\"}}\n").append("""
                    {"intentId":"%s%d","agent":"agent:a","principal":"user:alice@example.com","delegationChain":["user:alice@example.com"],\
                    "action":"%s","targets":["pg://crm/t"],"external":false,"environment":"prod","maskedParameters":["format=csv"],\
                    "receivedAt":"%s","labels":["%s"],"datasets":[{"dataset":"pg://crm/t","labels":["%s"]}],"effect":"%s",\
                    "rules":%s,"policyVersion":"v0"}
                    """.formatted(run, i, export ? "db.export" : "db.read", day.plusSeconds(i), label, label, export ? "REVIEW" : "ALLOW",
                    export ? "[\"exports-reviewed\"]" : "[]"));
        }
        // Not replayed: received but not classified yet, and classified the day after the period.
        bulk.append("{\"index\":{\"_index\":\"countersign-audit\",\"_id\":\"").append(run).append("unclassified\"}}\n")
                .append("{\"intentId\":\"").append(run).append("unclassified\",\"agent\":\"agent:a\",\"action\":\"db.export\",\"receivedAt\":\"")
                .append(day.plusSeconds(5)).append("\"}\n");
        call(os, "/_bulk?refresh=true", bulk.toString());
        Path policy = Files.writeString(dir.resolve("candidate.yaml"), """
                defaultEffect: allow
                rules:
                  - id: pii-exports-denied
                    condition: "intent.action == 'db.export' && 'PII' in labels"
                    effect: deny
                  - id: exports-reviewed
                    condition: "intent.action == 'db.export'"
                    effect: review
                    approvers: [data-stewards]
                """);
        String[] period = {"--from", day.toString(), "--to", day.plus(Duration.ofDays(1)).toString()};
        CliRun r = CliRun.of(concat(List.of("policy", "replay", "--policy", policy.toString(), "--index", endpoints.openSearchUrl(),
                "--format", "csv", "--max-flips", "5000"), period));
        // By hand: every 4th document is an export of PII, reviewed then, denied now: 625 of 2,500; nothing else changes.
        assertThat(r.exit()).as(r.err()).isEqualTo(PolicyReplayCommand.FLIPS);
        assertThat(r.err()).contains("2,500 intents replayed, 625 would be decided differently");
        List<String> rows = r.out().lines().skip(1).toList();
        assertThat(rows).hasSize(DOCS / 4).allMatch(l -> l.contains("\"REVIEW\",\"DENY\",\"pii-exports-denied\""));
        assertThat(rows.stream().map(l -> l.substring(1, l.indexOf("\",")))).doesNotHaveDuplicates()
                .allMatch(id -> Integer.parseInt(id.substring(run.length())) % 4 == 0);

        CliRun reads = CliRun.of(concat(List.of("policy", "replay", "--policy", policy.toString(), "--index", endpoints.openSearchUrl(),
                "--filter", "action=db.read"), period));
        assertThat(reads.exit()).as(reads.err()).isZero();
        assertThat(reads.err()).contains("1,250 intents replayed, 0 would be decided differently");
    }

    private static String[] concat(List<String> args, String[] more) {
        return java.util.stream.Stream.concat(args.stream(), java.util.Arrays.stream(more)).toArray(String[]::new);
    }

    private static void call(OpenSearchClient os, String endpoint, String body) throws Exception {
        try (Response r = os.generic().execute(Requests.builder().method("POST").endpoint(endpoint).json(body).build())) {
            assertThat(r.getStatus()).as(endpoint).isLessThan(300);
            assertThat(new String(r.getBody().orElseThrow().bodyAsBytes())).as("bulk errors").contains("\"errors\":false");
        }
    }
}
