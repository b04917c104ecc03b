package io.countersign.bench.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gate bench's figures: latency per rate for the three paths, and each path's saturated
 * throughput; as Markdown tables and as the JSON rows {@code bench/results/gate-latency.json} holds.
 */
public record GateResults(List<GateResults.Row> rows, GateResults.Throughput throughput) {

    /** One rate's figures for the three paths. */
    public record Row(int rate, OpenLoopLoad.Percentiles passthrough, OpenLoopLoad.Percentiles exactlyOnce,
                      OpenLoopLoad.Percentiles gate) {
        public double p99Ratio() {
            return gate.p99() / Math.max(0.001, passthrough.p99());
        }

        public double exactlyOnceP99Ratio() {
            return gate.p99() / Math.max(0.001, exactlyOnce.p99());
        }

        public double throughputRatio() {
            return (double) gate.count() / Math.max(1, passthrough.count());
        }
    }

    /** Closed-loop saturation: {@code records} sent as fast as the producer takes them, until the last arrives. */
    public record Throughput(int records, double passthroughPerSecond, double exactlyOncePerSecond, double gatePerSecond) {
        public double ratio() {
            return gatePerSecond / Math.max(1e-9, passthroughPerSecond);
        }

        public double exactlyOnceRatio() {
            return gatePerSecond / Math.max(1e-9, exactlyOncePerSecond);
        }
    }

    /** The tables, with the targets against the raw passthrough and the ratios to the exactly-once one. */
    public String markdown() {
        StringBuilder md = new StringBuilder("""
                | rate/s | passthrough p50 / p99 / p99.9 ms | exactly-once passthrough p50 / p99 / p99.9 ms | gate p50 / p99 / p99.9 ms \
                | gate p99 / passthrough (target ≤ 1.5×) | gate p99 / exactly-once | delivered within the drain |
                |---|---|---|---|---|---|---|
                """);
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.2f× %s | %.2f× | %.2f× |%n", r.rate(), ms(r.passthrough()),
                    ms(r.exactlyOnce()), ms(r.gate()), r.p99Ratio(), r.p99Ratio() <= 1.5 ? "met" : "missed", r.exactlyOnceP99Ratio(),
                    r.throughputRatio()));
        }
        Throughput t = throughput;
        md.append(String.format(Locale.ROOT, """

                | saturation records | passthrough records/s | exactly-once passthrough records/s | gate records/s \
                | gate / passthrough (target ≥ 0.7×) | gate / exactly-once |
                |---|---|---|---|---|---|
                | %,d | %,.0f | %,.0f | %,.0f | %.2f× %s | %.2f× |
                """, t.records(), t.passthroughPerSecond(), t.exactlyOncePerSecond(), t.gatePerSecond(), t.ratio(),
                t.ratio() >= 0.7 ? "met" : "missed", t.exactlyOnceRatio()));
        return md.toString();
    }

    public List<Map<String, Object>> json() {
        List<Map<String, Object>> json = new ArrayList<>();
        for (Row r : rows) {
            json.add(Map.of("rate", r.rate(), "passthrough", r.passthrough(), "exactlyOncePassthrough", r.exactlyOnce(), "gate", r.gate(),
                    "p99Ratio", r.p99Ratio(), "exactlyOnceP99Ratio", r.exactlyOnceP99Ratio(), "throughputRatio", r.throughputRatio()));
        }
        json.add(Map.of("saturation", throughput, "ratio", throughput.ratio(), "exactlyOnceRatio", throughput.exactlyOnceRatio()));
        return json;
    }

    private static String ms(OpenLoopLoad.Percentiles p) {
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", p.p50(), p.p99(), p.p999());
    }
}
