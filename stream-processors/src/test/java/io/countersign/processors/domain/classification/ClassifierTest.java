package io.countersign.processors.domain.classification;

import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.DatasetClassification;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.Destination;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClassifierTest {

    private final Map<String, DatasetLabels> declared = new HashMap<>();
    private final Map<String, DatasetLabels> inherited = new HashMap<>();
    private final Classifier classifier = new Classifier(declared::get, inherited::get, List.of("UNCLASSIFIED"));

    private static DatasetLabels labels(String dataset, LabelEntry... entries) {
        return DatasetLabels.newBuilder().setDataset(dataset).setLabels(List.of(entries)).setUpdatedAt(Instant.EPOCH).build();
    }

    private static LabelEntry declaredLabel(String label) {
        return LabelEntry.newBuilder().setLabel(label).setSource(LabelSource.DECLARED).build();
    }

    private static LabelEntry inheritedLabel(String label, String... path) {
        return LabelEntry.newBuilder().setLabel(label).setSource(LabelSource.INHERITED).setProvenance(List.of(path)).build();
    }

    private static ActionIntent intent(String action, boolean external, String... targets) {
        return ActionIntent.newBuilder().setIntentId("i-1").setOccurredAt(Instant.EPOCH)
                .setAgent(AgentRef.newBuilder().setId("agent:x").build()).setPrincipal("user:alice@example.com")
                .setAction(action).setTargets(List.of(targets))
                .setDestination(external ? Destination.newBuilder().setUri("s3://partner/drop").setExternal(true).build() : null)
                .build();
    }

    @Test
    void effectiveLabelsAreDeclaredUnionInheritedWithProvenance() {
        declared.put("pg://dw/orders", labels("pg://dw/orders", declaredLabel("pci")));
        inherited.put("pg://dw/orders", labels("pg://dw/orders",
                inheritedLabel("PII", "pg://crm/customers", "pg://dw/orders"), inheritedLabel("PCI", "pg://pay/cards", "pg://dw/orders")));

        DatasetClassification c = classifier.classifyDataset("pg://dw/orders");

        assertThat(c.getKnown()).isTrue();
        assertThat(c.getLabels()).extracting(LabelEntry::getLabel).containsExactly("PCI", "PII");
        assertThat(c.getLabels().get(0).getSource()).as("declared wins over inherited for the same label").isEqualTo(LabelSource.DECLARED);
        assertThat(c.getLabels().get(1).getSource()).isEqualTo(LabelSource.INHERITED);
        assertThat(c.getLabels().get(1).getProvenance()).containsExactly("pg://crm/customers", "pg://dw/orders");
    }

    @Test
    void unknownDatasetGetsTheConfiguredDefaults() {
        DatasetClassification c = classifier.classifyDataset("s3://lake/unknown");
        assertThat(c.getKnown()).isFalse();
        assertThat(c.getLabels()).singleElement().satisfies(l -> {
            assertThat(l.getLabel()).isEqualTo("UNCLASSIFIED");
            assertThat(l.getSource()).isEqualTo(LabelSource.DEFAULT);
        });
    }

    @Test
    void riskRanksSensitiveExternalExportsHighestAndExplainsWhy() {
        declared.put("pg://crm/customers", labels("pg://crm/customers", declaredLabel("PII")));
        declared.put("pg://web/pages", labels("pg://web/pages", declaredLabel("PUBLIC")));

        Classifier.Classification risky = classifier.classify(intent("db.export", true, "pg://crm/customers"));
        Classifier.Classification benign = classifier.classify(intent("db.read", false, "pg://web/pages"));

        assertThat(risky.riskScore()).isGreaterThan(benign.riskScore()).isLessThanOrEqualTo(100);
        assertThat(risky.riskReasons()).anyMatch(r -> r.contains("PII on pg://crm/customers"))
                .anyMatch(r -> r.contains("external"));
        assertThat(risky.datasets()).hasSize(1);
    }

    @Test
    void intentWithSeveralTargetsClassifiesEach() {
        declared.put("a", labels("a", declaredLabel("PII")));
        Classifier.Classification c = classifier.classify(intent("db.export", false, "a", "b"));
        assertThat(c.datasets()).extracting(DatasetClassification::getDataset).containsExactly("a", "b");
        assertThat(c.datasets().get(1).getKnown()).isFalse();
    }
}
