package io.countersign.ingest.domain.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.contracts.ids.Label;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Sensitivity labels from a dataset's {@code tags} facet (TagsDatasetFacet): a tag whose key is
 * {@code label}, {@code classification} or {@code sensitivity} gives its value as a label
 * ({@code sensitivity=PII}), and a tag whose value is {@code true} gives its key ({@code pii=true}).
 * Field-level tags count for the dataset: a table with a PII column is PII. Other tags, and values that
 * are no {@link Label} once '-' and spaces are read as '_', are not labels.
 */
final class TagLabels {

    private static final Set<String> LABEL_KEYS = Set.of("label", "classification", "sensitivity");

    private TagLabels() {
    }

    static Set<String> read(JsonNode facets, String path) {
        Set<String> labels = new LinkedHashSet<>();
        JsonNode facet = facets == null ? null : EventReader.object(facets, "tags", path + ".tags", false);
        JsonNode tags = facet == null ? null : EventReader.array(facet, "tags", path + ".tags.tags", 1_000);
        if (tags == null) {
            return labels;
        }
        for (int i = 0; i < tags.size(); i++) {
            String p = path + ".tags.tags[" + i + "]";
            if (!tags.get(i).isObject()) {
                throw new InvalidEventException(p, "must be a JSON object with key and value");
            }
            String key = EventReader.text(tags.get(i), "key", p + ".key", true);
            String value = EventReader.text(tags.get(i), "value", p + ".value", true);
            String label = LABEL_KEYS.contains(key.toLowerCase(Locale.ROOT)) ? value : "true".equalsIgnoreCase(value) ? key : null;
            if (label != null) {
                // Tag vocabularies write "top-secret" or "highly confidential" where a label has '_'.
                Label.tryParse(label.strip().replace('-', '_').replace(' ', '_')).ifPresent(l -> labels.add(l.value()));
            }
        }
        return labels;
    }
}
