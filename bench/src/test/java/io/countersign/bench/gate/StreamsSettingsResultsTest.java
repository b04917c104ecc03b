package io.countersign.bench.gate;

import io.countersign.bench.gate.StreamsSettingsBench.Variant;
import io.countersign.bench.gate.StreamsSettingsResults.Figures;
import io.countersign.bench.gate.StreamsSettingsResults.Repetition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamsSettingsResultsTest {

    @Test
    void aVariantIsANameAndTheSettingsPassedThrough() {
        Variant v = Variant.parse("alos:processing.guarantee=at_least_once, producer.linger.ms=5");
        assertThat(v.name()).isEqualTo("alos");
        assertThat(v.streams()).containsExactly(Map.entry("processing.guarantee", "at_least_once"), Map.entry("producer.linger.ms", "5"));
        assertThat(Variant.parse("plain").streams()).isEmpty();
    }

    @Test
    void aMalformedVariantIsRefusedWithWhatWasExpected() {
        assertThatThrownBy(() -> Variant.parse("alos:processing.guarantee")).hasMessageContaining("name:key=value");
        assertThatThrownBy(() -> Variant.parse("Bad Name:a=b")).hasMessageContaining("lower-case");
    }

    @Test
    void eachVariantIsComparedWithTheFirstInTheSameRepetition() {
        Variant base = new Variant("default", Map.of());
        Variant alos = Variant.parse("alos:processing.guarantee=at_least_once");
        List<Repetition> reps = List.of(
                rep(figures(40, 10_000), figures(20, 20_000)),
                rep(figures(80, 5_000), figures(20, 15_000)),
                rep(figures(40, 8_000), figures(40, 8_000)));
        StreamsSettingsResults results = new StreamsSettingsResults(List.of(base, alos), List.of(1000), reps);
        String md = results.markdown();
        // p99 ratios per repetition 0.5, 0.25, 1.0; saturated 2.0, 3.0, 1.0.
        assertThat(md).contains("| `alos` | 10.0 / 10.0 / 20.0 | 20.0 / 20.0 / 40.0 | 0.25× / 0.50× / 1.00× |");
        assertThat(md).contains("| `alos` | 8,000.0 / 15,000.0 / 20,000.0 | 1.00× / 2.00× / 3.00× |");
        assertThat(md).contains("| `default` | 5,000.0 / 8,000.0 / 10,000.0 | 1.00× / 1.00× / 1.00× |");
        assertThat(md).contains("`processing.guarantee=at_least_once`");
    }

    private static Repetition rep(Figures base, Figures alos) {
        return new Repetition(Map.of("default", base, "alos", alos));
    }

    private static Figures figures(double p99, double perSecond) {
        return new Figures(Map.of(1000, new OpenLoopLoad.Percentiles(1000, p99 / 2, p99, p99 * 2, p99 * 3)), perSecond);
    }
}
