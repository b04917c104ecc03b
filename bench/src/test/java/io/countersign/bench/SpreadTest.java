package io.countersign.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpreadTest {

    @Test
    void minMedianAndMaxOfOddAndEvenCounts() {
        assertThat(Spread.of(List.of(3.0, 1.0, 2.0))).isEqualTo(new Spread(1.0, 2.0, 3.0, 3));
        assertThat(Spread.of(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(new Spread(1.0, 2.5, 4.0, 4));
        assertThat(Spread.of(List.of(1.5, 1.25, 2.0)).ratios()).isEqualTo("1.25× / 1.50× / 2.00×");
        assertThatThrownBy(() -> Spread.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
