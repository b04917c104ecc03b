package io.countersign.ingest.domain;

import io.countersign.contracts.ids.Label;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the tags facets of a lineage producer trusted for labels may do to a dataset's declared labels
 * (labels are a steward's decision; see POLICY.md, "Who may label data"): they only add labels, each
 * recorded as declared by the producer, never remove or replace one; and they never add a
 * non-sensitive label ({@link #NON_SENSITIVE}) to a dataset that already has a declaration, because
 * under the policy such a label is what lets an action through without review. Whether the producer is
 * trusted at all, and whether the dataset is a URI the steward API can manage, is checked before.
 */
public final class TagLabelMerge {

    /**
     * Labels that make a dataset look less sensitive: the shipped policy allows actions inside on data
     * labelled only with these ({@code non-sensitive-inside}).
     */
    public static final Set<String> NON_SENSITIVE = Set.of("PUBLIC", "INTERNAL");
    /** The most labels a dataset may carry ({@link Label#MAX_PER_DATASET}), as for a steward's declaration. */
    public static final int MAX_LABELS = Label.MAX_PER_DATASET;

    /**
     * The outcome of one dataset's tags: the declaration to write ({@code null} when nothing is new),
     * the labels added, and the labels refused because they would lower the dataset's sensitivity or
     * exceed {@link #MAX_LABELS}. Labels already declared are neither.
     */
    public record Result(DatasetLabels merged, List<String> added, List<String> refused) {

        public Result {
            added = List.copyOf(added);
            refused = List.copyOf(refused);
        }
    }

    private TagLabelMerge() {
    }

    /**
     * Adds {@code tagLabels} (upper case, checked) to {@code current} ({@code null}: nothing declared),
     * as declared by {@code by} at {@code at}; owners and the other labels are kept as they are.
     */
    public static Result merge(String dataset, DatasetLabels current, Set<String> tagLabels, String by, Instant at) {
        Set<String> have = new LinkedHashSet<>();
        List<LabelEntry> entries = new ArrayList<>();
        if (current != null) {
            current.getLabels().forEach(l -> have.add(l.getLabel()));
            entries.addAll(current.getLabels());
        }
        List<String> added = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (String label : tagLabels) {
            if (have.contains(label)) {
                continue;
            }
            if (current != null && NON_SENSITIVE.contains(label) || entries.size() >= MAX_LABELS) {
                refused.add(label);
                continue;
            }
            have.add(label);
            added.add(label);
            entries.add(LabelEntry.newBuilder().setLabel(label).setSource(LabelSource.DECLARED).setDeclaredBy(by).build());
        }
        if (added.isEmpty()) {
            return new Result(null, added, refused);
        }
        DatasetLabels merged = DatasetLabels.newBuilder().setDataset(dataset).setLabels(entries)
                .setOwners(current == null ? List.of() : current.getOwners()).setUpdatedBy(by).setUpdatedAt(at).build();
        return new Result(merged, added, refused);
    }
}
