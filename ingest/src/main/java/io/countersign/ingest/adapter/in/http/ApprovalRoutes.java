package io.countersign.ingest.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.countersign.approvals.adapter.in.kafka.PendingApprovals;
import io.countersign.approvals.domain.ApprovalRules;
import io.countersign.approvals.domain.Directory;
import io.countersign.contracts.signing.DecisionSignature;
import io.countersign.contracts.topics.Topics;
import io.countersign.ingest.adapter.out.KafkaPublisher;
import io.countersign.ingest.domain.InvalidRequestException;
import io.countersign.ingest.domain.Role;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.LabelEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The approval API, for approvers outside Slack (and for any other chat tool):
 * {@code GET /v1/approvals?status=pending} lists the requests the caller may decide, and
 * {@code POST /v1/approvals/{requestId}/decisions} writes an {@link ApprovalDecision} to
 * {@code countersign.approval-decisions} — after the same checks the decision pipeline makes, so a
 * refused decision is explained at once (the pipeline still checks everything again).
 */
final class ApprovalRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ApprovalRoutes.class);

    /** The body of a decision. */
    record DecisionRequest(@JsonProperty("decision") String decision, @JsonProperty("reason") String reason) {
    }

    private final KafkaPublisher publisher;
    private final PendingApprovals pending;
    private final Directory directory;
    private final DecisionSignature.Signer signer;
    private final Clock clock;

    /** {@code signer} signs every decision as the {@code api} channel; null: decisions are refused (503). */
    ApprovalRoutes(KafkaPublisher publisher, PendingApprovals pending, Directory directory, DecisionSignature.Signer signer, Clock clock) {
        this.publisher = publisher;
        this.pending = pending;
        this.directory = directory;
        this.signer = signer;
        this.clock = clock;
    }

    void list(Exchange x, String status) {
        GatewayHandler.require(x, Role.APPROVER);
        if (status != null && !status.equals("pending")) {
            throw new InvalidRequestException("status", "status must be pending (decided requests are in the audit index)");
        }
        List<Map<String, Object>> mine = pending.all().stream()
                .filter(p -> ApprovalRules.mayDecide(p.request(), p.decidedBy(), x.caller.subject(), directory))
                .map(p -> summary(p.request(), p.decidedBy().size()))
                .toList();
        x.json(200, Map.of("approvals", mine));
    }

    void decide(Exchange x, String requestId, byte[] body) throws KafkaPublisher.UnavailableException {
        GatewayHandler.require(x, Role.APPROVER);
        if (signer == null) {
            throw new HttpProblem(503, "decision_signing_not_configured", "this gateway has no decision signing key, and the pipeline"
                    + " rejects unsigned decisions; the operator sets ingest.decisionSigningKey and ingest.decisionKeyId"
                    + " (countersign keys channel --channel api)");
        }
        DecisionRequest r = Json.read(body, DecisionRequest.class);
        DecisionKind kind;
        try {
            kind = DecisionKind.valueOf(r.decision() == null ? "" : r.decision());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("decision", "decision must be APPROVE or DENY");
        }
        if (kind == DecisionKind.DENY && (r.reason() == null || r.reason().isBlank())) {
            throw new InvalidRequestException("reason", "a denial needs a reason: the agent and its owner are told why");
        }
        if (r.reason() != null && r.reason().length() > 2_000) {
            throw new InvalidRequestException("reason", "reason may be at most 2000 characters");
        }
        PendingApprovals.Pending p = pending.get(requestId).orElseThrow(() -> pending.wasClosed(requestId)
                ? new HttpProblem(409, "already_decided", "request " + requestId + " is already decided or expired")
                : new HttpProblem(404, "not_found", "no open approval request " + requestId + "; list yours with GET /v1/approvals?status=pending"));
        ApprovalRules.check(p.request(), p.decidedBy(), x.caller.subject(), kind, r.reason(), directory).ifPresent(refused -> {
            throw refused.refusal() == ApprovalRules.Refusal.REASON_REQUIRED
                    ? new InvalidRequestException("reason", refused.detail())
                    : new HttpProblem(403, refused.refusal().name().toLowerCase(Locale.ROOT), refused.detail());
        });
        ApprovalDecision decision = signer.sign(ApprovalDecision.newBuilder().setDecisionId(UUID.randomUUID().toString()).setRequestId(requestId)
                .setIntentId(p.request().getIntentId()).setIntentHash(p.request().getIntentHash()).setApprover(x.caller.subject().value())
                .setDecision(kind).setReason(r.reason()).setChannel("api").setDecidedAt(clock.instant()).build());
        publisher.publish(Topics.APPROVAL_DECISIONS, requestId, decision);
        pending.decision(decision);
        LOG.info("Decision {} on request {} by {}: {}", decision.getDecisionId(), requestId, x.caller.subject().value(), kind);
        x.json(202, Map.of("decisionId", decision.getDecisionId(), "requestId", requestId, "intentId", p.request().getIntentId(),
                "decision", kind.name(), "status", "accepted; the verdict follows on GET /v1/intents/" + p.request().getIntentId()));
    }

    /** What an approver needs to decide: masked parameters only, labels with their origin, progress, time left. */
    private Map<String, Object> summary(ApprovalRequest r, int decided) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requestId", r.getRequestId());
        out.put("intentId", r.getIntentId());
        out.put("agent", r.getIntent().getAgent().getId());
        out.put("agentOwner", r.getIntent().getAgent().getOwner());
        out.put("principal", r.getIntent().getPrincipal());
        out.put("delegationChain", r.getIntent().getDelegationChain());
        out.put("action", r.getIntent().getAction());
        out.put("environment", r.getIntent().getEnvironment());
        out.put("targets", r.getClassification().stream().map(d -> Map.of("dataset", d.getDataset(),
                "labels", d.getLabels().stream().map(LabelEntry::getLabel).toList())).toList());
        out.put("destination", r.getIntent().getDestination() == null ? null
                : Map.of("uri", r.getIntent().getDestination().getUri(), "external", r.getIntent().getDestination().getExternal()));
        out.put("maskedParameters", r.getIntent().getMaskedParameters());
        out.put("reason", r.getIntent().getReason());
        out.put("matchedRules", r.getMatchedRules().stream().map(m -> m.getId()).toList());
        out.put("riskScore", r.getRiskScore());
        out.put("quorum", r.getQuorum());
        out.put("decisionsSoFar", decided);
        out.put("requireReasonOnApprove", r.getRequireReasonOnApprove());
        out.put("expiresAt", r.getExpiresAt().toString());
        out.put("secondsLeft", Math.max(0, Duration.between(clock.instant(), r.getExpiresAt()).toSeconds()));
        return out;
    }
}
