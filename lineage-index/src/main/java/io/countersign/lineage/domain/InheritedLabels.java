package io.countersign.lineage.domain;

import java.util.List;

/**
 * A dataset's inherited labels after a change (empty: all retracted), each as "LABEL" with its
 * provenance path and jobs. A Flink POJO; becomes a {@code DatasetLabels} on
 * {@code countersign.labels.inherited}.
 */
public class InheritedLabels {

    public String dataset;
    public List<String> labels;
    public List<List<String>> paths;
    public List<List<String>> vias;

    public InheritedLabels() {
    }

    public static InheritedLabels of(String dataset, List<LabelGraph.Inherited> inherited) {
        InheritedLabels out = new InheritedLabels();
        out.dataset = dataset;
        out.labels = inherited.stream().map(LabelGraph.Inherited::label).toList();
        out.paths = inherited.stream().map(LabelGraph.Inherited::path).toList();
        out.vias = inherited.stream().map(LabelGraph.Inherited::via).toList();
        return out;
    }
}
