package io.countersign.lineage.adapter.out;

import io.countersign.lineage.domain.IndexOp;
import io.countersign.lineage.domain.Origin;
import io.countersign.lineage.domain.UsageDocuments;
import io.countersign.schema.DeadLetter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What a dead letter of the index says about where its input came from. */
class DeadLetterWriterTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void anUnreadableRecordKeepsItsKafkaCoordinates() {
        DeadLetter letter = DeadLetterWriter.letter(IndexOp.failed(IndexOp.DESERIALIZE, "unreadable", Origin.kafka("countersign.audit", 3, 1207)),
                IndexOp.DESERIALIZE, "unreadable", AT);
        assertThat(letter.getSourceTopic()).isEqualTo("countersign.audit");
        assertThat(letter.getSourcePartition()).isEqualTo(3);
        assertThat(letter.getSourceOffset()).isEqualTo(1207L);
        assertThat(letter.getStage()).isEqualTo("deserialize");
        assertThat(letter.getApplication()).isEqualTo("lineage-index");
        assertThat(letter.getFailedAt()).isEqualTo(AT);
    }

    @Test
    void aDerivedWriteNamesItsOperatorAndHasNoCoordinates() {
        IndexOp late = IndexOp.failed(IndexOp.PROCESS, "usage of pg://sales/orders by agent:a arrived too late",
                Origin.derived(UsageDocuments.HOURLY_WINDOW));
        DeadLetter letter = DeadLetterWriter.letter(late, late.stage, late.failure, AT);
        assertThat(letter.getSourceTopic()).isEqualTo("usage-hourly-window");
        assertThat(letter.getSourcePartition()).isEqualTo(-1);
        assertThat(letter.getSourceOffset()).isEqualTo(-1L);
        assertThat(letter.getStage()).isEqualTo("process");
        assertThat(letter.getReason()).contains("pg://sales/orders");
    }

    @Test
    void aRefusedDocumentKeepsItsIdAndJson() {
        IndexOp op = IndexOp.upsert("countersign-usage", "abc", "{\"total\":1}", Origin.derived(UsageDocuments.HOURLY_WINDOW));
        DeadLetter letter = DeadLetterWriter.letter(op, "index", "400 mapper_parsing_exception", AT);
        assertThat(StandardCharsets.UTF_8.decode(letter.getKey()).toString()).isEqualTo("abc");
        assertThat(StandardCharsets.UTF_8.decode(letter.getValue()).toString()).isEqualTo("{\"total\":1}");
        assertThat(letter.getStage()).isEqualTo("index");
    }

    @Test
    void kafkaCoordinatesAreNeverNegative() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Origin.kafka("countersign.audit", -1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
