package io.countersign.lineage.domain;

import java.util.List;

/**
 * A change to the label graph, as read from Kafka: an edge added or replaced ({@code EDGE}), or a
 * dataset's declared labels set ({@code DECLARED}; empty labels clear them). A Flink POJO.
 */
public class GraphChange {

    public String kind;
    public String source;
    public String target;
    public String job;
    public boolean carriesLabels;
    public String dataset;
    public List<String> labels;

    public GraphChange() {
    }

    public static GraphChange edge(String source, String target, String job, boolean carriesLabels) {
        GraphChange c = new GraphChange();
        c.kind = "EDGE";
        c.source = source;
        c.target = target;
        c.job = job;
        c.carriesLabels = carriesLabels;
        return c;
    }

    public static GraphChange declared(String dataset, List<String> labels) {
        GraphChange c = new GraphChange();
        c.kind = "DECLARED";
        c.dataset = dataset;
        c.labels = List.copyOf(labels);
        return c;
    }
}
