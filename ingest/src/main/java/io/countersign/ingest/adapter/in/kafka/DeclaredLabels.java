package io.countersign.ingest.adapter.in.kafka;

import io.countersign.schema.DatasetLabels;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The declared labels of every dataset, as the compacted {@code countersign.labels.declared} topic holds
 * them. The gateway merges labels found in OpenLineage tags into these instead of overwriting them: a
 * pipeline's tag may add a label, but only a steward may take one away.
 */
public final class DeclaredLabels {

    private final ConcurrentHashMap<String, DatasetLabels> byDataset = new ConcurrentHashMap<>();

    public Optional<DatasetLabels> get(String dataset) {
        return Optional.ofNullable(byDataset.get(dataset));
    }

    /** Records what the topic (or this gateway, once acknowledged) holds; {@code null} is a removal. */
    public void put(String dataset, DatasetLabels labels) {
        if (labels == null) {
            byDataset.remove(dataset);
        } else {
            byDataset.put(dataset, labels);
        }
    }

    public int size() {
        return byDataset.size();
    }
}
