package io.countersign.ingest.domain;

import io.countersign.schema.DatasetLabels;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class TagLabelMergeTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    private static final String DS = "pg://crm/customers";

    private static DatasetLabels steward(String... labels) {
        return DatasetLabels.newBuilder().setDataset(DS).setOwners(List.of("team:crm")).setUpdatedBy("user:carol@example.com")
                .setUpdatedAt(AT.minusSeconds(60)).setLabels(java.util.Arrays.stream(labels).map(l -> LabelEntry.newBuilder().setLabel(l)
                        .setSource(LabelSource.DECLARED).setDeclaredBy("user:carol@example.com").build()).toList()).build();
    }

    private static Set<String> tags(String... labels) {
        return new LinkedHashSet<>(List.of(labels));
    }

    @Test
    void addsLabelsKeepingTheStewardsAndRecordsWhoAddedThem() {
        TagLabelMerge.Result r = TagLabelMerge.merge(DS, steward("FINANCE"), tags("PII"), "service:catalogue", AT);
        assertThat(r.added()).containsExactly("PII");
        assertThat(r.merged().getLabels()).extracting(l -> l.getLabel() + " by " + l.getDeclaredBy())
                .containsExactly("FINANCE by user:carol@example.com", "PII by service:catalogue");
        assertThat(r.merged().getOwners()).containsExactly("team:crm");
        assertThat(r.merged().getUpdatedBy()).isEqualTo("service:catalogue");
        assertThat(r.merged().getUpdatedAt()).isEqualTo(AT);
    }

    @Test
    void neverAddsANonSensitiveLabelToADeclaredDataset() {
        for (String lowering : TagLabelMerge.NON_SENSITIVE) {
            TagLabelMerge.Result r = TagLabelMerge.merge(DS, steward("PII"), tags(lowering), "service:catalogue", AT);
            assertThat(r.merged()).as(lowering).isNull();
            assertThat(r.refused()).containsExactly(lowering);
        }
        // Declared as unlabelled by a steward is a declaration too.
        assertThat(TagLabelMerge.merge(DS, steward(), tags("PUBLIC", "PHI"), "service:catalogue", AT).merged().getLabels())
                .extracting(LabelEntry::getLabel).containsExactly("PHI");
    }

    @Test
    void theFirstDeclarationMayBeNonSensitive() {
        TagLabelMerge.Result r = TagLabelMerge.merge(DS, null, tags("PUBLIC"), "service:catalogue", AT);
        assertThat(r.merged().getLabels()).extracting(LabelEntry::getLabel).containsExactly("PUBLIC");
        assertThat(r.merged().getOwners()).isEmpty();
    }

    @Test
    void labelsAlreadyDeclaredChangeNothing() {
        TagLabelMerge.Result r = TagLabelMerge.merge(DS, steward("PII", "INTERNAL"), tags("pii".toUpperCase(), "INTERNAL"), "service:catalogue", AT);
        assertThat(r.merged()).isNull();
        assertThat(r.added()).isEmpty();
        assertThat(r.refused()).isEmpty();
    }

    @Test
    void stopsAtTheLabelLimit() {
        String[] many = IntStream.range(0, TagLabelMerge.MAX_LABELS - 1).mapToObj(i -> "L" + i).toArray(String[]::new);
        TagLabelMerge.Result r = TagLabelMerge.merge(DS, steward(many), tags("PII", "PHI"), "service:catalogue", AT);
        assertThat(r.added()).containsExactly("PII");
        assertThat(r.refused()).containsExactly("PHI");
        assertThat(r.merged().getLabels()).hasSize(TagLabelMerge.MAX_LABELS);
    }
}
