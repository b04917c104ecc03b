package io.countersign.bench;

import io.countersign.bench.ingest.GatewayThroughputBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code bench ingest}: the gateway's POST /v1/intents against producing the same intents directly to Kafka. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Gateway POST /v1/intents throughput and latency (HTTP keep-alive, closed loop) vs a direct Kafka producer",
                "writing the same intents with the same settings and concurrency, in the same run."})
final class IngestCommand implements Callable<Integer> {

    @Option(names = "--concurrency", defaultValue = "16", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
    int concurrency;
    @Option(names = "--warmup", defaultValue = "5", description = "Warm-up seconds per path (default ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--measure", defaultValue = "15", description = "Measured seconds per path (default ${DEFAULT-VALUE}).")
    int measure;
    @Option(names = "--out", defaultValue = "bench/results", description = "Results directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter progress = new PrintWriter(System.out, true);
        List<GatewayThroughputBench.PathResult> results = GatewayThroughputBench.run(concurrency, Duration.ofSeconds(warmup),
                Duration.ofSeconds(measure), progress);
        GatewayThroughputBench.PathResult base = results.get(0);
        StringBuilder md = new StringBuilder("| path | requests/s | p50 ms | p99 ms | p99.9 ms | errors | throughput vs direct | p99 vs direct "
                + "| mean ms | of which in the gateway | of which waiting for Kafka's ack |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<Map<String, Object>> json = new ArrayList<>();
        for (GatewayThroughputBench.PathResult r : results) {
            double tput = r.requestsPerSecond() / base.requestsPerSecond();
            double p99 = r.p99Ms() / base.p99Ms();
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.2f | %d | %.2f× | %.2f× | %.2f | %s | %s |%n", r.path(),
                    r.requestsPerSecond(), r.p50Ms(), r.p99Ms(), r.p999Ms(), r.errors(), tput, p99, r.meanMs(), ms(r.gatewayMs()), ms(r.kafkaAckMs())));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("result", r);
            row.put("throughputRatio", tput);
            row.put("p99Ratio", p99);
            json.add(row);
        }
        md.append(String.format(Locale.ROOT, "%n%d concurrent clients, %d s measured per path. The gateway's share is its own /metrics over the"
                + " measured stretch: mean time from a request's arrival in its handler to the answer, and mean wait for Kafka's acknowledgement"
                + " (the direct producer's whole call is that wait).%n", concurrency, measure));
        Results.write(out, "ingest-gateway", json, md.toString(), progress);
        return 0;
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f", v);
    }
}
