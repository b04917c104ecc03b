package io.countersign.bench.gate;

import io.countersign.bench.Spread;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The gate bench's figures: per repetition, latency per rate for the three paths and each path's saturated
 * throughput; the spread (min / median / max) of every ratio over the repetitions; and the broker writes one
 * intent cost the gate; as Markdown and as the JSON {@code bench/results/gate-latency.json} holds.
 */
public record GateResults(List<GateResults.Repetition> repetitions, Map<String, Double> writesPerIntent) {

    /** One pass over every rate and path. */
    public record Repetition(List<Row> rows, Throughput throughput) {
    }

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

    /** The spread of a rate's ratio over the repetitions. */
    Spread spread(int rate, ToDoubleFunction<Row> ratio) {
        return Spread.of(repetitions.stream().flatMap(r -> r.rows().stream()).filter(r -> r.rate() == rate).mapToDouble(ratio).boxed().toList());
    }

    Spread saturated(ToDoubleFunction<Throughput> ratio) {
        return Spread.of(repetitions.stream().map(Repetition::throughput).mapToDouble(ratio).boxed().toList());
    }

    /** The spreads against issue 21's targets, then each repetition's tables, then the writes per intent. */
    public String markdown() {
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, """
                Ratios as min / median / max over %d interleaved repetitions.

                | rate/s | gate p99 / exactly-once p99 (target ≤ 1.5×) | gate p99 / raw passthrough p99 |
                |---|---|---|
                """, repetitions.size()));
        for (Row r : repetitions.get(0).rows()) {
            Spread eos = spread(r.rate(), Row::exactlyOnceP99Ratio);
            md.append(String.format(Locale.ROOT, "| %d | %s %s | %s |%n", r.rate(), eos.ratios(), eos.median() <= 1.5 ? "met" : "missed",
                    spread(r.rate(), Row::p99Ratio).ratios()));
        }
        Spread eos = saturated(Throughput::exactlyOnceRatio);
        md.append(String.format(Locale.ROOT, """

                | saturated throughput | gate / exactly-once (target ≥ 0.5×) | gate / raw passthrough |
                |---|---|---|
                | %,d records | %s %s | %s |
                """, repetitions.get(0).throughput().records(), eos.ratios(), eos.median() >= 0.5 ? "met" : "missed",
                saturated(Throughput::ratio).ratios()));
        for (int i = 0; i < repetitions.size(); i++) {
            md.append("\n### Repetition ").append(i + 1).append("\n\n").append(table(repetitions.get(i)));
        }
        md.append("\n### Broker writes per intent in the gate's saturated run (records and transaction markers)\n\n| topic | writes per intent |\n|---|---|\n");
        writesPerIntent.forEach((topic, n) -> md.append(String.format(Locale.ROOT, "| %s | %.3f |%n", topic, n)));
        md.append(String.format(Locale.ROOT, "| **all** | **%.3f** |%n", writesPerIntent.values().stream().mapToDouble(Double::doubleValue).sum()));
        return md.toString();
    }

    private static String table(Repetition rep) {
        StringBuilder md = new StringBuilder("""
                | rate/s | passthrough p50 / p99 / p99.9 ms | exactly-once passthrough p50 / p99 / p99.9 ms | gate p50 / p99 / p99.9 ms \
                | gate p99 / passthrough | gate p99 / exactly-once | delivered within the drain |
                |---|---|---|---|---|---|---|
                """);
        for (Row r : rep.rows()) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.2f× | %.2f× | %.2f× |%n", r.rate(), ms(r.passthrough()),
                    ms(r.exactlyOnce()), ms(r.gate()), r.p99Ratio(), r.exactlyOnceP99Ratio(), r.throughputRatio()));
        }
        Throughput t = rep.throughput();
        md.append(String.format(Locale.ROOT, """

                | saturation records | passthrough records/s | exactly-once passthrough records/s | gate records/s | gate / passthrough | gate / exactly-once |
                |---|---|---|---|---|---|
                | %,d | %,.0f | %,.0f | %,.0f | %.2f× | %.2f× |
                """, t.records(), t.passthroughPerSecond(), t.exactlyOncePerSecond(), t.gatePerSecond(), t.ratio(), t.exactlyOnceRatio()));
        return md.toString();
    }

    public List<Map<String, Object>> json() {
        List<Map<String, Object>> json = new ArrayList<>();
        for (int i = 0; i < repetitions.size(); i++) {
            for (Row r : repetitions.get(i).rows()) {
                json.add(Map.of("repetition", i + 1, "rate", r.rate(), "passthrough", r.passthrough(), "exactlyOncePassthrough", r.exactlyOnce(),
                        "gate", r.gate(), "p99Ratio", r.p99Ratio(), "exactlyOnceP99Ratio", r.exactlyOnceP99Ratio(), "throughputRatio", r.throughputRatio()));
            }
            Throughput t = repetitions.get(i).throughput();
            json.add(Map.of("repetition", i + 1, "saturation", t, "ratio", t.ratio(), "exactlyOnceRatio", t.exactlyOnceRatio()));
        }
        Map<String, Object> spreads = new LinkedHashMap<>();
        for (Row r : repetitions.get(0).rows()) {
            spreads.put("p99VsExactlyOnceAt" + r.rate(), spread(r.rate(), Row::exactlyOnceP99Ratio));
            spreads.put("p99VsPassthroughAt" + r.rate(), spread(r.rate(), Row::p99Ratio));
        }
        spreads.put("saturatedVsExactlyOnce", saturated(Throughput::exactlyOnceRatio));
        spreads.put("saturatedVsPassthrough", saturated(Throughput::ratio));
        json.add(Map.of("spreads", spreads, "writesPerIntent", writesPerIntent));
        return json;
    }

    private static String ms(OpenLoopLoad.Percentiles p) {
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", p.p50(), p.p99(), p.p999());
    }
}
