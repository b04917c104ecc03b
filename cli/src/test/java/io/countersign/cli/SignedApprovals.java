package io.countersign.cli;

import io.countersign.approvals.adapter.out.KafkaDecisionPublisher;
import io.countersign.approvals.application.port.out.DecisionPublisher;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.signing.ChannelKeyPair;
import io.countersign.contracts.signing.DecisionSignature;
import io.countersign.contracts.topics.Topics;
import io.countersign.processors.StreamProcessorsConfig.ChannelKeyConfig;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.ApproverAuthentication;
import io.countersign.schema.AuthenticationMethod;
import io.countersign.schema.DecisionKind;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Test fixture: the approval API as a channel of decisions, without the HTTP around it. Its decision key pair
 * lives under a directory, and {@link #trusted()} is the pipeline's channelKeys entry for it; it reads an
 * intent's approval request from {@code countersign.approval-requests}, and writes decisions on it, signed with
 * the channel's key and authenticated by API key as the API records them, to {@code countersign.approval-decisions}
 * through the approvals' own {@link KafkaDecisionPublisher}. It checks none of the approval rules itself, so
 * the pipeline's refusals (a self-approval, say) reach the audit log.
 */
final class SignedApprovals implements AutoCloseable {

    private final KafkaSettings kafka;
    private final SchemaRegistryClient registry;
    private final ChannelKeyPair keys;
    private final DecisionSignature.Signer signer;
    private final KafkaDecisionPublisher publisher;

    private SignedApprovals(KafkaSettings kafka, SchemaRegistryClient registry, ChannelKeyPair keys) throws IOException {
        this.kafka = kafka;
        this.registry = registry;
        this.keys = keys;
        this.signer = keys.signer();
        this.publisher = new KafkaDecisionPublisher(kafka, registry, "countersign-it-approvals", Duration.ofSeconds(10));
    }

    /** The {@code api} channel with its key pair under {@code keyDir} (made the first time). */
    static SignedApprovals api(KafkaSettings kafka, SchemaRegistryClient registry, Path keyDir) throws IOException {
        return new SignedApprovals(kafka, registry, ChannelKeyPair.loadOrCreate(keyDir, "api"));
    }

    /** What the pipeline is configured with so that it counts this channel's decisions. */
    ChannelKeyConfig trusted() {
        return ChannelKeyConfig.of(keys);
    }

    /** The approval request the pipeline opened for {@code intentId}, once it has. */
    ApprovalRequest awaitRequest(String intentId) {
        return TopicWaits.await(kafka, registry, Topics.APPROVAL_REQUESTS, r -> r.getIntentId().equals(intentId), 1,
                Duration.ofSeconds(60)).get(0);
    }

    /** {@code approver}'s decision on {@code request}, signed and written (acknowledged by Kafka). */
    void decide(ApprovalRequest request, String approver, DecisionKind kind, String reason) throws DecisionPublisher.UnavailableException {
        publisher.publish(signer.sign(ApprovalDecision.newBuilder().setDecisionId(UUID.randomUUID().toString())
                .setRequestId(request.getRequestId()).setIntentId(request.getIntentId()).setIntentHash(request.getIntentHash())
                .setApprover(approver).setDecision(kind).setReason(reason).setChannel(keys.channel()).setDecidedAt(Instant.now())
                .setAuthentication(ApproverAuthentication.newBuilder().setMethod(AuthenticationMethod.API_KEY).build()).build()));
    }

    @Override
    public void close() {
        publisher.close();
    }
}
