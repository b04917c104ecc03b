package io.countersign.bench;

import java.util.List;
import java.util.Locale;

/**
 * The spread of one figure over a bench's repetitions: min, median and max (the middle two averaged for an even count). A change counts only when its
 * median moves beyond the spread the same code shows from run to run (2026-12-01: a tenfold spread on
 * this machine), so a single run never judges a change.
 */
public record Spread(double min, double median, double max, int n) {

    /** The spread of {@code f} over {@code items}, e.g. one figure over a bench's repetitions. */
    public static <T> Spread of(List<T> items, java.util.function.ToDoubleFunction<T> f) {
        return of(items.stream().mapToDouble(f).boxed().toList());
    }

    public static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a spread needs at least one value");
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(sorted.get(0), median, sorted.get(n - 1), n);
    }

    /** e.g. {@code 41.2 / 44.0 / 52.9}. */
    public String values() {
        return String.format(Locale.ROOT, "%,.1f / %,.1f / %,.1f", min, median, max);
    }

    /** e.g. {@code 1.21× / 1.40× / 2.03×}. */
    public String ratios() {
        return String.format(Locale.ROOT, "%.2f× / %.2f× / %.2f×", min, median, max);
    }
}
