package io.countersign.lineage.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineageDocumentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDatasetsDocumentSaysWhoDeclaredEachLabelAndWhoLastChangedTheDeclaration() throws Exception {
        DatasetLabels labels = DatasetLabels.newBuilder().setDataset("pg://crm/customers").setOwners(List.of("team:crm"))
                .setLabels(List.of(
                        LabelEntry.newBuilder().setLabel("PII").setSource(LabelSource.DECLARED).setDeclaredBy("user:carol@example.com").build(),
                        LabelEntry.newBuilder().setLabel("PHI").setSource(LabelSource.DECLARED).setDeclaredBy("service:catalogue").build(),
                        LabelEntry.newBuilder().setLabel("FINANCE").setSource(LabelSource.DECLARED).build()))
                .setUpdatedBy("service:catalogue").setUpdatedAt(Instant.parse("2026-12-01T10:00:00Z")).build();
        JsonNode doc = JSON.readTree(LineageDocuments.labels("pg://crm/customers", labels, true, Origin.kafka("countersign.labels.declared", 0, 0)).json);
        assertThat(doc.path("declaredLabels")).extracting(l -> l.path("label").asText() + "/" + l.path("declaredBy").asText("-"))
                .containsExactly("PII/user:carol@example.com", "PHI/service:catalogue", "FINANCE/-");
        assertThat(doc.path("declaredLabels").get(2).has("declaredBy")).as("older records: no field, not null").isFalse();
        assertThat(doc.path("declaredBy").asText()).isEqualTo("service:catalogue");
        assertThat(doc.path("declaredUpdatedAt").asText()).isEqualTo("2026-12-01T10:00:00Z");

        JsonNode removed = JSON.readTree(LineageDocuments.labels("pg://crm/customers", null, true, Origin.kafka("countersign.labels.declared", 0, 1)).json);
        assertThat(removed.path("declaredLabels")).isEmpty();
        assertThat(removed.get("declaredBy").isNull()).as("no stale 'declared by' after a removal").isTrue();
    }
}
