package io.countersign.bench.gate;

import io.countersign.bench.Spread;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The figures of {@link StreamsSettingsBench}: per repetition, each variant's latency per rate and saturated throughput;
 * over the repetitions, each figure and its ratio to the first variant's in the same repetition as min / median / max.
 * A variant differs from the first only where the medians of the ratios lie outside the spread, as Markdown and as the
 * JSON {@code bench/results/gate-settings.json} holds.
 */
public record StreamsSettingsResults(List<StreamsSettingsBench.Variant> variants, List<Integer> rates, List<Repetition> repetitions) {

    /** One variant's figures in one repetition. */
    public record Figures(Map<Integer, OpenLoopLoad.Percentiles> byRate, double saturatedPerSecond) {
    }

    /** Every variant's figures in one repetition, by variant name. */
    public record Repetition(Map<String, Figures> byVariant) {
    }

    private Spread spread(String variant, ToDoubleFunction<Figures> figure) {
        return Spread.of(repetitions.stream().map(r -> figure.applyAsDouble(r.byVariant().get(variant))).toList());
    }

    private Spread ratio(String variant, ToDoubleFunction<Figures> figure) {
        String base = variants.get(0).name();
        return Spread.of(repetitions.stream()
                .map(r -> figure.applyAsDouble(r.byVariant().get(variant)) / Math.max(1e-9, figure.applyAsDouble(r.byVariant().get(base)))).toList());
    }

    private static ToDoubleFunction<Figures> p50(int rate) {
        return f -> f.byRate().get(rate).p50();
    }

    private static ToDoubleFunction<Figures> p99(int rate) {
        return f -> f.byRate().get(rate).p99();
    }

    public String markdown() {
        String base = variants.get(0).name();
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
                "Each figure as min / median / max over %d repetitions, the variants interleaved; ratios against `%s` in the same repetition.%n%n",
                repetitions.size(), base));
        md.append("| variant | settings |\n|---|---|\n");
        variants.forEach(v -> md.append(String.format(Locale.ROOT, "| `%s` | %s |%n", v.name(), v.streams().isEmpty() ? "the pipeline's own"
                : String.join(", ", v.streams().entrySet().stream().map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").toList()))));
        for (int rate : rates) {
            md.append(String.format(Locale.ROOT, "%n**%,d intents/s** (open loop)%n%n| variant | p50 ms | p99 ms | p99 / `%s` p99 |%n|---|---|---|---|%n",
                    rate, base));
            for (StreamsSettingsBench.Variant v : variants) {
                md.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %s |%n", v.name(), spread(v.name(), p50(rate)).values(),
                        spread(v.name(), p99(rate)).values(), ratio(v.name(), p99(rate)).ratios()));
            }
        }
        md.append(String.format(Locale.ROOT, "%n**Saturated**%n%n| variant | intents/s | / `%s` |%n|---|---|---|%n", base));
        for (StreamsSettingsBench.Variant v : variants) {
            md.append(String.format(Locale.ROOT, "| `%s` | %s | %s |%n", v.name(), spread(v.name(), Figures::saturatedPerSecond).values(),
                    ratio(v.name(), Figures::saturatedPerSecond).ratios()));
        }
        return md.toString();
    }

    public List<Map<String, Object>> json() {
        List<Map<String, Object>> json = new ArrayList<>();
        for (int i = 0; i < repetitions.size(); i++) {
            json.add(Map.of("repetition", i + 1, "byVariant", repetitions.get(i).byVariant()));
        }
        Map<String, Object> spreads = new LinkedHashMap<>();
        for (StreamsSettingsBench.Variant v : variants) {
            Map<String, Object> of = new LinkedHashMap<>();
            of.put("settings", v.streams());
            for (int rate : rates) {
                of.put("p99At" + rate, spread(v.name(), p99(rate)));
                of.put("p99VsFirstAt" + rate, ratio(v.name(), p99(rate)));
            }
            of.put("saturatedPerSecond", spread(v.name(), Figures::saturatedPerSecond));
            of.put("saturatedVsFirst", ratio(v.name(), Figures::saturatedPerSecond));
            spreads.put(v.name(), of);
        }
        json.add(Map.of("spreads", spreads));
        return json;
    }
}
