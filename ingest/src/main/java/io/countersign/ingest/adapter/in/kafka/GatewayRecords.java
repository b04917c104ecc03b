package io.countersign.ingest.adapter.in.kafka;

import io.countersign.approvals.adapter.in.kafka.ApprovalRecords;
import io.countersign.approvals.adapter.in.kafka.PendingApprovals;
import io.countersign.approvals.adapter.in.kafka.ViewConsumer;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.AuditRecordBatch;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.Verdict;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's views from Kafka: {@code countersign.intents} into the {@link IntentView},
 * {@code countersign.labels.declared} into {@link DeclaredLabels}, and the approval topics
 * ({@code countersign.approval-requests}, {@code countersign.approval-decisions},
 * {@code countersign.verdicts}) into the approvals core's {@link PendingApprovals} and the intent view; behind the
 * first-wins gate ({@code ingest.gateDecisions}) also the gate's decisions on {@code countersign.audit.unchained}.
 * Read by one {@link ViewConsumer} reporting as {@code countersign-ingest-view}.
 */
public final class GatewayRecords implements ViewConsumer.RecordHandler {

    /** The Kafka client id of the gateway's view consumer. */
    public static final String CLIENT_ID = "countersign-ingest-view";

    private final IntentView view;
    private final DeclaredLabels declared;
    private final ApprovalRecords approvals;
    private final Deserializer<ActionIntent> intents;
    private final Deserializer<DatasetLabels> labels;
    private final Deserializer<AuditRecordBatch> batches;

    private GatewayRecords(SchemaRegistryClient registry, IntentView view, DeclaredLabels declared, PendingApprovals approvals) {
        this.view = view;
        this.declared = declared;
        this.approvals = new ApprovalRecords(registry, approvals, view::reviewRequested, view::verdict);
        this.intents = Topics.INTENTS.valueSerde(registry).deserializer();
        this.labels = Topics.LABELS_DECLARED.valueSerde(registry).deserializer();
        this.batches = Topics.AUDIT_UNCHAINED.valueSerde(registry).deserializer();
    }

    /** A started consumer reading everything the gateway needs; with {@code gateDecisions}, the first-wins gate's decisions too. */
    public static ViewConsumer consume(KafkaSettings kafka, SchemaRegistryClient registry, IntentView view, DeclaredLabels declared,
                                       PendingApprovals approvals, boolean gateDecisions) {
        List<String> topics = new ArrayList<>(List.of(Topics.INTENTS.name(), Topics.LABELS_DECLARED.name()));
        topics.addAll(ApprovalRecords.TOPICS);
        if (gateDecisions) {
            topics.add(Topics.AUDIT_UNCHAINED.name());
        }
        return new ViewConsumer(kafka, CLIENT_ID, topics, new GatewayRecords(registry, view, declared, approvals)).start();
    }

    @Override
    public void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.topic().equals(Topics.LABELS_DECLARED.name())) {
            String dataset = new String(r.key() == null ? new byte[0] : r.key(), StandardCharsets.UTF_8);
            declared.put(dataset, r.value() == null ? null : labels.deserialize(r.topic(), r.value()));
        } else if (r.topic().equals(Topics.AUDIT_UNCHAINED.name())) {
            gateDecision(r);
        } else if (!r.topic().equals(Topics.INTENTS.name())) {
            approvals.apply(r);
        } else if (r.value() != null && !view.knowsSubmitter(new String(r.key() == null ? new byte[0] : r.key(), StandardCharsets.UTF_8))) {
            // Intents this instance wrote are already in the view: decoding them again is the view's main cost.
            view.intent(intents.deserialize(r.topic(), r.value()));
        }
    }

    /** The first-wins gate's decision, in a batch it marked {@code delivers}; other steps' batches say nothing new here. */
    private void gateDecision(ConsumerRecord<byte[], byte[]> r) {
        AuditRecordBatch batch = r.value() == null ? null : batches.deserialize(r.topic(), r.value());
        if (batch == null || !batch.getDelivers()) {
            return;
        }
        for (AuditRecord event : batch.getEvents()) {
            if (event.getEvent() instanceof Verdict verdict) {
                view.gateVerdict(verdict);
            } else if (event.getEvent() instanceof ApprovalRequest request) {
                view.gateReviewRequested(request);
            }
        }
    }
}
