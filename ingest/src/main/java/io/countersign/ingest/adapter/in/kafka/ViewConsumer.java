package io.countersign.ingest.adapter.in.kafka;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.Verdict;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads {@code countersign.intents}, {@code countersign.approval-requests} and
 * {@code countersign.verdicts} from the beginning into an {@link IntentView}, requests, decisions and
 * verdicts into {@link PendingApprovals}, and {@code countersign.labels.declared} into
 * {@link DeclaredLabels}. Every partition is
 * assigned (no consumer group): each gateway instance needs every verdict, and a restart rebuilds its
 * view from the topics, so nothing depends on the instance a client happened to reach.
 *
 * <p>Records that cannot be read are skipped and logged by coordinates; the decision pipeline is the one
 * that dead-letters them, so doing it twice would only duplicate dead letters.
 */
public final class ViewConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ViewConsumer.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final IntentView view;
    private final Deserializer<ActionIntent> intents;
    private final Deserializer<ApprovalRequest> requests;
    private final Deserializer<Verdict> verdicts;
    private final Deserializer<DatasetLabels> labels;
    private final DeclaredLabels declared;
    private final PendingApprovals approvals;
    private final Deserializer<ApprovalDecision> decisions;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    /** When a pass of the loop last found every partition read to its end (System.nanoTime()); see {@link #currentSince}. */
    private volatile long currentAt;
    private volatile boolean everCurrent;

    private final List<String> topics;

    /** Reads everything the gateway needs. */
    public ViewConsumer(KafkaSettings kafka, SchemaRegistryClient registry, IntentView view, DeclaredLabels declared,
                        PendingApprovals approvals) {
        this(kafka, registry, view, declared, approvals, List.of(Topics.INTENTS.name(), Topics.APPROVAL_REQUESTS.name(),
                Topics.VERDICTS.name(), Topics.LABELS_DECLARED.name(), Topics.APPROVAL_DECISIONS.name()));
    }

    /** Reads only the approval topics into {@code approvals}: what the approval bot needs. */
    public static ViewConsumer approvalsOnly(KafkaSettings kafka, SchemaRegistryClient registry, PendingApprovals approvals) {
        return new ViewConsumer(kafka, registry, new IntentView(1), new DeclaredLabels(), approvals,
                List.of(Topics.APPROVAL_REQUESTS.name(), Topics.VERDICTS.name(), Topics.APPROVAL_DECISIONS.name()));
    }

    private ViewConsumer(KafkaSettings kafka, SchemaRegistryClient registry, IntentView view, DeclaredLabels declared,
                         PendingApprovals approvals, List<String> topics) {
        this.topics = topics;
        this.consumer = new KafkaConsumer<>(kafka.clientProperties(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.CLIENT_ID_CONFIG, "countersign-ingest-view")), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.view = view;
        this.intents = Topics.INTENTS.valueSerde(registry).deserializer();
        this.requests = Topics.APPROVAL_REQUESTS.valueSerde(registry).deserializer();
        this.verdicts = Topics.VERDICTS.valueSerde(registry).deserializer();
        this.labels = Topics.LABELS_DECLARED.valueSerde(registry).deserializer();
        this.declared = declared;
        this.approvals = approvals;
        this.decisions = Topics.APPROVAL_DECISIONS.valueSerde(registry).deserializer();
        this.thread = new Thread(this::run, "ingest-views");
        this.thread.setDaemon(true);
    }

    public ViewConsumer start() {
        thread.start();
        return this;
    }

    /** Whether the view has read everything that was in the topics when the gateway started. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    /**
     * Whether the view was seen read to the end of every partition at or after {@code nanoTime}
     * ({@link System#nanoTime()}): then every record committed a fetch round before that instant is in it.
     * Lets the gateway tell "no such intent" from "not read here yet".
     */
    public boolean currentSince(long nanoTime) {
        return everCurrent && currentAt - nanoTime >= 0;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    apply(r);
                }
                if (caughtUp.getCount() > 0 && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    LOG.info("Intent view caught up: {} intents", view.size());
                    caughtUp.countDown();
                }
                markIfCurrent(partitions);
            }
        } catch (WakeupException e) {
            // close() was called
        } catch (RuntimeException e) {
            LOG.error("Intent view stopped: {}; verdict lookups on this instance will not advance until restart", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void markIfCurrent(List<TopicPartition> partitions) {
        long now = System.nanoTime();
        // currentLag is computed from the last fetch response, without a call to the broker.
        if (caughtUp.getCount() == 0 && partitions.stream().allMatch(p -> consumer.currentLag(p).orElse(1) == 0)) {
            currentAt = now;
            everCurrent = true;
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        try {
            if (r.topic().equals(Topics.LABELS_DECLARED.name())) {
                String dataset = new String(r.key() == null ? new byte[0] : r.key(), StandardCharsets.UTF_8);
                declared.put(dataset, r.value() == null ? null : labels.deserialize(r.topic(), r.value()));
            } else if (r.value() == null) {
                return;
            } else if (r.topic().equals(Topics.VERDICTS.name())) {
                Verdict verdict = verdicts.deserialize(r.topic(), r.value());
                view.verdict(verdict);
                approvals.verdict(verdict);
            } else if (r.topic().equals(Topics.APPROVAL_REQUESTS.name())) {
                ApprovalRequest request = requests.deserialize(r.topic(), r.value());
                view.reviewRequested(request);
                approvals.requested(request);
            } else if (r.topic().equals(Topics.APPROVAL_DECISIONS.name())) {
                approvals.decision(decisions.deserialize(r.topic(), r.value()));
            } else if (!view.knowsSubmitter(new String(r.key() == null ? new byte[0] : r.key(), StandardCharsets.UTF_8))) {
                // Intents this instance wrote are already in the view: decoding them again is the view's main cost.
                view.intent(intents.deserialize(r.topic(), r.value()));
            }
        } catch (RuntimeException e) {
            LOG.warn("Skipping unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
