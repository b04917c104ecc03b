package io.countersign.processors.topology;

import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A sink node that a processor forwards one type of value to, by name
 * ({@code context.forward(record, name)}): the processor declares where each kind of output goes, the
 * topology adds the sink under that name, and the type parameter keeps the value forwarded and the
 * topic's serialiser in step, so no output is erased to {@link SpecificRecord} and cast back.
 */
record NamedSink<V extends SpecificRecord>(String name, Topic<String, V> topic) {

    /** Sends {@code record} to this sink only. */
    void forward(ProcessorContext<String, ? super V> context, Record<String, V> record) {
        context.forward(record, name);
    }

    /** Adds this sink to {@code topology} as a child of {@code parent}. */
    void addTo(Topology topology, SchemaRegistryClient registry, String parent) {
        topology.addSink(name, topic.name(), topic.keySerde().serializer(), topic.valueSerde(registry).serializer(), parent);
    }
}
