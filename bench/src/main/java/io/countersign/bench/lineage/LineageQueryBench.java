package io.countersign.bench.lineage;

import io.countersign.embedded.EmbeddedStack;
import io.countersign.embedded.StackOptions;
import io.countersign.lineage.adapter.out.IndexSetup;
import io.countersign.search.LineageQueries;
import io.countersign.search.OpenSearchClients;
import org.HdrHistogram.Histogram;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Five-hop downstream lineage queries over generated graphs in the real embedded OpenSearch node, next
 * to the same breadth-first walk over an in-memory adjacency map in the same run (the floor: what the
 * walk costs without the index). Graphs are layered DAGs, two outgoing edges per dataset on average,
 * like pipelines fanning out from sources to marts.
 */
public final class LineageQueryBench {

    /** One graph size's figures. */
    public record Row(int edges, long loadMillis, double p50Ms, double p95Ms, double memoryP50Ms, double memoryP95Ms, double avgHops) {
    }

    private LineageQueryBench() {
    }

    public static List<Row> run(List<Integer> sizes, int queries, PrintWriter progress) throws Exception {
        Path data = Files.createTempDirectory("countersign-bench-lineage");
        StackOptions o = StackOptions.forTests(data);
        List<Row> rows = new ArrayList<>();
        try (EmbeddedStack stack = EmbeddedStack.start(new StackOptions(o.dataDir(), o.kafkaPort(), o.registryPort(), o.openSearchPort(),
                false, false, true))) {
            OpenSearchClient client = OpenSearchClients.create(stack.endpoints().openSearchUrl());
            IndexSetup.ensure(client);
            LineageQueries queriesApi = new LineageQueries(client);
            for (int edges : sizes) {
                String prefix = "g" + edges + "/";
                Map<String, List<String>> adjacency = generate(edges, prefix, new Random(edges));
                progress.printf("  %,d edges: loading ...%n", edges);
                progress.flush();
                long t0 = System.nanoTime();
                load(client, adjacency);
                long loadMillis = (System.nanoTime() - t0) / 1_000_000;
                List<String> starts = new ArrayList<>(adjacency.keySet());
                Random random = new Random(7);
                Histogram index = new Histogram(3);
                Histogram memory = new Histogram(3);
                long hops = 0;
                progress.printf("  %,d edges: loaded in %.1f s, running %d five-hop queries%n", edges, loadMillis / 1000.0, queries);
                progress.flush();
                for (int q = 0; q < queries + 50; q++) {
                    String start = starts.get(random.nextInt(starts.size()));
                    long a = System.nanoTime();
                    int found = queriesApi.downstream(start, 5).size();
                    long b = System.nanoTime();
                    int inMemory = walk(adjacency, start, 5);
                    long c = System.nanoTime();
                    if (found != inMemory) {
                        throw new IllegalStateException("index and memory disagree for " + start + ": " + found + " vs " + inMemory);
                    }
                    if (q >= 50) { // the first 50 warm up caches and the JIT
                        index.recordValue(Math.max(1, (b - a) / 1000));
                        memory.recordValue(Math.max(1, (c - b) / 1000));
                        hops += found;
                    }
                }
                rows.add(new Row(edges, loadMillis, index.getValueAtPercentile(50) / 1000.0, index.getValueAtPercentile(95) / 1000.0,
                        memory.getValueAtPercentile(50) / 1000.0, memory.getValueAtPercentile(95) / 1000.0, (double) hops / queries));
            }
        }
        return rows;
    }

    /** Layers of datasets; each dataset feeds two datasets of the next layer. */
    static Map<String, List<String>> generate(int edges, String prefix, Random random) {
        int datasets = edges / 2;
        int layers = 12;
        int perLayer = Math.max(1, datasets / layers);
        Map<String, List<String>> adjacency = new HashMap<>();
        int made = 0;
        for (int layer = 0; layer < layers - 1 && made < edges; layer++) {
            for (int i = 0; i < perLayer && made < edges; i++) {
                String from = prefix + "d" + layer + "-" + i;
                Set<String> to = new HashSet<>();
                while (to.size() < 2 && made + to.size() < edges) {
                    to.add(prefix + "d" + (layer + 1) + "-" + random.nextInt(perLayer));
                }
                adjacency.put(from, new ArrayList<>(to));
                made += to.size();
            }
        }
        return adjacency;
    }

    private static void load(OpenSearchClient client, Map<String, List<String>> adjacency) throws Exception {
        StringBuilder bulk = new StringBuilder();
        int n = 0;
        for (Map.Entry<String, List<String>> e : adjacency.entrySet()) {
            for (String target : e.getValue()) {
                String id = e.getKey() + ">" + target;
                bulk.append("{\"index\": {\"_index\": \"countersign-lineage-edges\", \"_id\": \"").append(id).append("\"}}\n")
                        .append("{\"edgeId\": \"").append(id).append("\", \"source\": \"").append(e.getKey()).append("\", \"target\": \"")
                        .append(target).append("\", \"job\": \"bench\", \"transformation\": \"IDENTITY\"}\n");
                if (++n % 5_000 == 0) {
                    send(client, bulk);
                }
            }
        }
        send(client, bulk);
        client.generic().execute(Requests.builder().method("POST").endpoint("/countersign-lineage-edges/_refresh").build()).close();
    }

    private static void send(OpenSearchClient client, StringBuilder bulk) throws Exception {
        if (bulk.length() == 0) {
            return;
        }
        try (var r = client.generic().execute(Requests.builder().method("POST").endpoint("/_bulk")
                .body(Body.from(bulk.toString().getBytes(StandardCharsets.UTF_8),
                        "application/x-ndjson")).build())) {
            if (r.getStatus() >= 300) {
                throw new IllegalStateException("bulk load failed with HTTP " + r.getStatus());
            }
        }
        bulk.setLength(0);
    }

    /** The same breadth-first walk in memory: the number of edges within {@code depth} hops. */
    static int walk(Map<String, List<String>> adjacency, String start, int depth) {
        Set<String> seen = new HashSet<>(List.of(start));
        List<String> frontier = List.of(start);
        int edges = 0;
        for (int d = 0; d < depth && !frontier.isEmpty(); d++) {
            List<String> next = new ArrayList<>();
            for (String node : frontier) {
                for (String t : adjacency.getOrDefault(node, List.of())) {
                    edges++;
                    if (seen.add(t)) {
                        next.add(t);
                    }
                }
            }
            frontier = next;
        }
        return edges;
    }
}
