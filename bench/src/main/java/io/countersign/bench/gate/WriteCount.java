package io.countersign.bench.gate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Every broker write of a run, per topic: the end offsets of every topic before and after, whose
 * difference counts records and transaction markers alike (a marker takes an offset). Divided by the
 * intents decided, it says what one intent costs the broker, changelogs and repartitions included, next
 * to the exactly-once passthrough's one record and one marker per transaction.
 */
final class WriteCount {

    private final Admin admin;
    private final Predicate<String> topics;

    WriteCount(Admin admin, Predicate<String> topics) {
        this.admin = admin;
        this.topics = topics;
    }

    /** The end offset of every partition of the selected topics, summed per topic. */
    Map<String, Long> ends() throws Exception {
        // Internal topics too: consumer offsets and the transaction log are writes every transaction costs.
        Map<String, TopicDescription> described = admin.describeTopics(admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get()
                        .stream().filter(topics).toList())
                .allTopicNames().get();
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(p -> specs.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<String, Long> ends = new TreeMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : admin.listOffsets(specs).all().get().entrySet()) {
            ends.merge(e.getKey().topic(), e.getValue().offset(), Long::sum);
        }
        return ends;
    }

    /**
     * The end offsets once nothing has been written for {@code quiet}: the audit chain runs behind the
     * verdicts, and its writes belong to the intents too. Gives up after {@code timeout}.
     */
    Map<String, Long> endsOnceQuiet(Duration quiet, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> last = ends();
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(250);
            Map<String, Long> now = ends();
            if (!now.equals(last)) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince >= quiet.toNanos()) {
                return now;
            }
        }
        return last;
    }

    /** Writes per decided intent, per topic, between {@code before} and {@code after}; topics without writes are left out. */
    static Map<String, Double> perIntent(Map<String, Long> before, Map<String, Long> after, long intents) {
        Map<String, Double> out = new TreeMap<>();
        after.forEach((topic, end) -> {
            long delta = end - before.getOrDefault(topic, 0L);
            if (delta > 0) {
                out.put(topic, (double) delta / Math.max(1, intents));
            }
        });
        return out;
    }
}
