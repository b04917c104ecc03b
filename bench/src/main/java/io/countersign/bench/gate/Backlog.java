package io.countersign.bench.gate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * How far a consumer group is behind on a topic, and a wait until it has caught up. A rate beyond a
 * path's capacity leaves a backlog; measuring the next rate, or the saturated throughput, on top of
 * it would charge that backlog to the next figure.
 */
final class Backlog {

    private final Admin admin;
    private final String group;
    private final String topic;
    private final int partitions;

    Backlog(Admin admin, String group, String topic, int partitions) {
        this.admin = admin;
        this.group = group;
        this.topic = topic;
        this.partitions = partitions;
    }

    /** Records on the topic that the group has not committed yet. */
    long behind() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        long behind = 0;
        for (var end : ends.entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            behind += end.getValue().offset() - (at == null ? 0 : at.offset());
        }
        return behind;
    }

    /** Waits until the group has caught up, printing how far behind it is every 5 s; gives up after {@code timeout}. */
    void awaitCaughtUp(Duration timeout, PrintWriter progress, String what) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = System.nanoTime();
        long behind;
        while ((behind = behind()) > 0) {
            if (System.nanoTime() > deadline) {
                progress.printf("  %s is still %,d records behind after %ds; measuring anyway%n", what, behind, timeout.toSeconds());
                return;
            }
            if (System.nanoTime() >= nextReport) {
                progress.printf("  waiting for %s to catch up: %,d records behind%n", what, behind);
                progress.flush();
                nextReport = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            }
            Thread.sleep(250);
        }
    }
}
