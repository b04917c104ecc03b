package io.countersign.processors.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a table of the latest value per key, as a KTable does: each record of the source topic is put
 * with its timestamp, a tombstone deletes, a record without a key is skipped. Feeds a read-only store
 * whose changelog is its source topic itself, so a restore reads the compacted topic and nothing is
 * written twice.
 */
final class TableUpdater<V> implements Processor<String, V, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(TableUpdater.class);

    private final String storeName;
    private TimestampedKeyValueStore<String, V> store;

    TableUpdater(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, V> record) {
        if (record.key() == null) {
            LOG.warn("Skipping a record without a key for store {}", storeName);
            return;
        }
        // make() returns null for a null value, and putting null deletes.
        store.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
    }
}
