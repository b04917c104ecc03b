package io.countersign.bench.gate;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WriteCountTest {

    @Test
    void writesPerIntentCountOnlyTopicsThatGrew() {
        assertThat(WriteCount.perIntent(Map.of("countersign.verdicts", 10L, "countersign.intents", 5L),
                Map.of("countersign.verdicts", 2_010L, "countersign.intents", 5L, "countersign-bench-seen-changelog", 1_000L), 1_000))
                .containsExactlyInAnyOrderEntriesOf(Map.of("countersign.verdicts", 2.0, "countersign-bench-seen-changelog", 1.0));
    }
}
