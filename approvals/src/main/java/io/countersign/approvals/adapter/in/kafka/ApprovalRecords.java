package io.countersign.approvals.adapter.in.kafka;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.Verdict;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

import java.util.List;
import java.util.function.Consumer;

/**
 * Feeds {@link PendingApprovals} from {@code countersign.approval-requests},
 * {@code countersign.approval-decisions} and {@code countersign.verdicts} (a verdict closes its request):
 * the read model of an approval channel that needs nothing else, such as the Slack bot.
 */
public final class ApprovalRecords implements ViewConsumer.RecordHandler {

    /** The topics this handler reads. */
    public static final List<String> TOPICS = List.of(Topics.APPROVAL_REQUESTS.name(), Topics.VERDICTS.name(),
            Topics.APPROVAL_DECISIONS.name());

    private final PendingApprovals approvals;
    private final Deserializer<ApprovalRequest> requests;
    private final Deserializer<ApprovalDecision> decisions;
    private final Deserializer<Verdict> verdicts;

    private final Consumer<ApprovalRequest> alsoRequested;
    private final Consumer<Verdict> alsoVerdict;

    public ApprovalRecords(SchemaRegistryClient registry, PendingApprovals approvals) {
        this(registry, approvals, r -> { }, v -> { });
    }

    /** Also hands every request and verdict read to another view of the same service (the gateway's intent view). */
    public ApprovalRecords(SchemaRegistryClient registry, PendingApprovals approvals, Consumer<ApprovalRequest> alsoRequested,
                           Consumer<Verdict> alsoVerdict) {
        this.approvals = approvals;
        this.alsoRequested = alsoRequested;
        this.alsoVerdict = alsoVerdict;
        this.requests = Topics.APPROVAL_REQUESTS.valueSerde(registry).deserializer();
        this.decisions = Topics.APPROVAL_DECISIONS.valueSerde(registry).deserializer();
        this.verdicts = Topics.VERDICTS.valueSerde(registry).deserializer();
    }

    /** A started consumer reading the approval topics into {@code approvals}, reporting to Kafka as {@code clientId}. */
    public static ViewConsumer consume(KafkaSettings kafka, SchemaRegistryClient registry, String clientId, PendingApprovals approvals) {
        return new ViewConsumer(kafka, clientId, TOPICS, new ApprovalRecords(registry, approvals)).start();
    }

    @Override
    public void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return;
        }
        if (r.topic().equals(Topics.VERDICTS.name())) {
            Verdict verdict = verdicts.deserialize(r.topic(), r.value());
            alsoVerdict.accept(verdict);
            approvals.verdict(verdict);
        } else if (r.topic().equals(Topics.APPROVAL_REQUESTS.name())) {
            ApprovalRequest request = requests.deserialize(r.topic(), r.value());
            alsoRequested.accept(request);
            approvals.requested(request);
        } else if (r.topic().equals(Topics.APPROVAL_DECISIONS.name())) {
            approvals.decision(decisions.deserialize(r.topic(), r.value()));
        }
    }
}
