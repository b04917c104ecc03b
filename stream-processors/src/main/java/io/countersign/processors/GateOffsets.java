package io.countersign.processors;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Carries the gate's place in {@code countersign.intents} over when a deployment changes its {@link GateMode}. The
 * exactly-once gate reads intents in the application's own consumer group, the first-wins gate in
 * {@code <applicationId>-gate}; without this, the newly started gate would begin where its group last stood (or at the
 * beginning of the topic) and decide again every intent the other one decided since.
 */
final class GateOffsets {

    private static final Logger LOG = LoggerFactory.getLogger(GateOffsets.class);

    private GateOffsets() {
    }

    /** Moves {@code to} forward to {@code from}'s committed offsets on the intents topic wherever {@code from} is ahead. */
    static void carryOver(KafkaSettings kafka, String from, String to) {
        try (Admin admin = Admin.create(kafka.clientProperties(Map.of()))) {
            Map<TopicPartition, OffsetAndMetadata> ahead = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> source = intents(admin, from);
            Map<TopicPartition, OffsetAndMetadata> target = intents(admin, to);
            source.forEach((tp, offset) -> {
                OffsetAndMetadata there = target.get(tp);
                if (offset != null && (there == null || there.offset() < offset.offset())) {
                    ahead.put(tp, new OffsetAndMetadata(offset.offset()));
                }
            });
            if (ahead.isEmpty()) {
                return;
            }
            admin.alterConsumerGroupOffsets(to, ahead).all().get(30, TimeUnit.SECONDS);
            LOG.info("The gate changed mode: group {} starts in {} where group {} left off ({} partitions moved: {})", to,
                    Topics.INTENTS.name(), from, ahead.size(), ahead);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not carry the gate's offsets in " + Topics.INTENTS.name() + " from group " + from
                    + " to " + to + " (" + e.getMessage() + "); stop every instance of the pipeline before changing stream-processors.gate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while carrying the gate's offsets over", e);
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> intents(Admin admin, String group)
            throws ExecutionException, InterruptedException, TimeoutException {
        // Stable offsets only: the last exactly-once transaction's offsets may still wait for their commit marker.
        Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(group, new ListConsumerGroupOffsetsOptions().requireStable(true))
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> intents = new HashMap<>();
        all.forEach((tp, offset) -> {
            if (tp.topic().equals(Topics.INTENTS.name()) && offset != null) {
                intents.put(tp, offset);
            }
        });
        return intents;
    }
}
