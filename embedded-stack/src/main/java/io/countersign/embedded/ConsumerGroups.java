package io.countersign.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Consumer-group moves that tests and benchmarks make on a shared broker: an application started for one test or one
 * variant must not decide what others wrote to the same topics before it. Reads and writes no topic; it sets the
 * group's committed offsets only.
 */
public final class ConsumerGroups {

    private ConsumerGroups() {
    }

    /**
     * Moves {@code group}, whose members must all be stopped (or not started yet), to where every partition of
     * {@code topics} ends now: it will read only what is written from here on.
     */
    public static void startAtEnd(Admin admin, String group, Collection<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()
                .forEach(d -> d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, end) -> ends.put(tp, new OffsetAndMetadata(end.offset())));
        admin.alterConsumerGroupOffsets(group, ends).all().get(30, TimeUnit.SECONDS);
    }
}
