package io.countersign.processors.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.Set;
import java.util.function.Supplier;

/**
 * A processor supplier that declares the stores its processors own: adding it to a topology adds the
 * stores and connects them to it, so a store is registered where it is used (Kafka's
 * {@code ConnectedStoreProvider}).
 */
record StoreOwningSupplier<KIn, VIn, KOut, VOut>(Supplier<Processor<KIn, VIn, KOut, VOut>> processor, Set<StoreBuilder<?>> stores)
        implements ProcessorSupplier<KIn, VIn, KOut, VOut> {

    StoreOwningSupplier {
        stores = Set.copyOf(stores);
    }

    @Override
    public Processor<KIn, VIn, KOut, VOut> get() {
        return processor.get();
    }
}
