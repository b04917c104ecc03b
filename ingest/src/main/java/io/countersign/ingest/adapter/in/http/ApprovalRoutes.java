package io.countersign.ingest.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.countersign.approvals.adapter.in.kafka.PendingApprovals;
import io.countersign.approvals.application.port.in.DecisionResult;
import io.countersign.approvals.application.port.in.SubmitDecisionCommand;
import io.countersign.approvals.application.port.in.SubmitDecisionUseCase;
import io.countersign.approvals.application.port.out.BlastRadiusLookup;
import io.countersign.approvals.domain.ApprovalCard;
import io.countersign.approvals.domain.ApprovalCards;
import io.countersign.approvals.domain.ApprovalRules;
import io.countersign.approvals.domain.Directory;
import io.countersign.ingest.adapter.out.KafkaPublisher;
import io.countersign.ingest.domain.InvalidRequestException;
import io.countersign.ingest.domain.Role;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.ApproverAuthentication;
import io.countersign.schema.AuthenticationMethod;
import io.countersign.schema.DecisionKind;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The approval API, for approvers outside Slack (and for any other chat tool):
 * {@code GET /v1/approvals?status=pending} lists the requests the caller may decide, and
 * {@code POST /v1/approvals/{requestId}/decisions} hands the decision to the approvals core's
 * {@link SubmitDecisionUseCase}, which writes it to {@code countersign.approval-decisions} after the same
 * checks the decision pipeline makes, so a refused decision is explained at once (the pipeline still
 * checks everything again). This class only maps HTTP to the use case and its result to HTTP.
 *
 * <p>Each listed request carries {@code blastRadius} when a lineage index is configured: the line the chat cards
 * show and its counts, or {@code available: false} with the reason when the index could not answer in time
 * (the request is listed either way). Its strings are the index's and the agent's: JSON-encoded here, every
 * client escapes them for its own markup.
 */
final class ApprovalRoutes {

    /** The body of a decision. */
    record DecisionRequest(@JsonProperty("decision") String decision, @JsonProperty("reason") String reason) {
    }

    /** The channel decisions from the API are signed and recorded as. */
    static final String CHANNEL = "api";

    private final SubmitDecisionUseCase decisions;
    private final PendingApprovals pending;
    private final Directory directory;
    private final Clock clock;
    private final BlastRadiusLookup blastRadius;

    /**
     * {@code decisions}: the use case deciding with {@code directory}, the same one the routes show eligibility from;
     * it signs with the {@code api} channel's key (none: decisions are refused with 503).
     */
    ApprovalRoutes(SubmitDecisionUseCase decisions, PendingApprovals pending, Directory directory, Clock clock,
                   BlastRadiusLookup blastRadius) {
        this.decisions = decisions;
        this.pending = pending;
        this.directory = directory;
        this.clock = clock;
        this.blastRadius = blastRadius;
    }

    void list(Exchange x, String status) {
        GatewayHandler.require(x, Role.APPROVER);
        if (status != null && !status.equals("pending")) {
            throw new InvalidRequestException("status", "status must be pending (decided requests are in the audit index)");
        }
        ApproverAuthentication authentication = authentication(x, directory);
        List<Map<String, Object>> mine = pending.all().stream()
                .filter(p -> ApprovalRules.mayDecide(p.request(), p.decidedBy(), x.caller.subject(), directory, authentication, CHANNEL))
                .map(p -> summary(p.request(), p.decidedBy().size()))
                .toList();
        x.json(200, Map.of("approvals", mine));
    }

    void decide(Exchange x, String requestId, byte[] body) throws KafkaPublisher.UnavailableException {
        GatewayHandler.require(x, Role.APPROVER);
        DecisionRequest r = Json.read(body, DecisionRequest.class);
        DecisionKind kind;
        try {
            kind = DecisionKind.valueOf(r.decision() == null ? "" : r.decision());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("decision", "decision must be APPROVE or DENY");
        }
        DecisionResult result = decisions
                .submit(new SubmitDecisionCommand(requestId, x.caller.subject(), kind, r.reason(), CHANNEL, null, authentication(x, directory)));
        if (result instanceof DecisionResult.StepUpRequired stepUp) {
            // The link is for the caller, who is the approver it is bound to: it goes back to them alone.
            Map<String, Object> body403 = new LinkedHashMap<>();
            body403.put("error", "step_up_required");
            body403.put("message", stepUp.message());
            body403.put("stepUpUrl", stepUp.link());
            body403.put("expiresAt", stepUp.expiresAt().toString());
            body403.put("requestId", x.requestId);
            x.json(403, body403);
            return;
        }
        if (result instanceof DecisionResult.Refused refused && refused.code() == DecisionResult.Code.UNAVAILABLE) {
            throw new KafkaPublisher.UnavailableException(refused.message());
        }
        if (result instanceof DecisionResult.Refused refused) {
            throw refusal(refused, fromTokenHint(x));
        }
        var accepted = (DecisionResult.Accepted) result;
        String intentId = accepted.request().getIntentId();
        x.json(202, Map.of("decisionId", accepted.decision().getDecisionId(), "requestId", requestId, "intentId", intentId,
                "decision", kind.name(), "status", "accepted; the verdict follows on GET /v1/intents/" + intentId));
    }

    /**
     * How the caller was authenticated: an API key, or an access token from the identity provider, with the
     * provider's groups the directory maps (signed into the decision, so the pipeline can check them too).
     */
    private static ApproverAuthentication authentication(Exchange x, Directory directory) {
        if (x.token == null) {
            return ApproverAuthentication.newBuilder().setMethod(AuthenticationMethod.API_KEY).build();
        }
        return StepUpRoutes.fromToken(x.token, AuthenticationMethod.OIDC_ACCESS_TOKEN, null, directory);
    }

    /** What to add to a NOT_ELIGIBLE refusal of an API key caller when the directory takes groups from the identity provider. */
    private String fromTokenHint(Exchange x) {
        return x.token == null && !directory.groupsFromToken().isEmpty()
                ? "; groups " + new TreeSet<>(directory.groupsFromToken().keySet()) + " count only with an access token from the identity provider"
                : "";
    }

    /** The HTTP answer to a refused decision. */
    static RuntimeException refusal(DecisionResult.Refused refused, String notEligibleHint) {
        return switch (refused.code()) {
            case SIGNING_NOT_CONFIGURED -> new HttpProblem(503, "decision_signing_not_configured", "this gateway has no decision"
                    + " signing key, and the pipeline rejects unsigned decisions; the operator sets ingest.decisionSigningKey and"
                    + " ingest.decisionKeyId (countersign keys channel --channel api)");
            case REASON_REQUIRED, REASON_TOO_LONG -> new InvalidRequestException("reason", refused.message());
            case NOT_FOUND -> new HttpProblem(404, "not_found", refused.message() + "; list yours with GET /v1/approvals?status=pending");
            case ALREADY_DECIDED -> new HttpProblem(409, "already_decided", refused.message());
            case UNAVAILABLE -> new HttpProblem(503, "unavailable", refused.message());
            case NOT_ELIGIBLE -> new HttpProblem(403, "not_eligible", refused.message() + notEligibleHint);
            case STEP_UP_REQUIRED -> new HttpProblem(403, "step_up_required", refused.message()
                    + "; this gateway has no ingest.stepUp configured to hand out step-up links");
            case IN_DELEGATION_CHAIN, ALREADY_DECIDED_BY_APPROVER ->
                    new HttpProblem(403, refused.code().name().toLowerCase(Locale.ROOT), refused.message());
        };
    }

    /**
     * What an approver needs to decide, from the card every channel shows: parameters and reason masked,
     * labels, progress, time left.
     */
    Map<String, Object> summary(ApprovalRequest r, int decided) {
        return summary(blastRadius.addTo(ApprovalCards.open(r, List.of(), clock.instant())), r, decided);
    }

    /** The view of {@code card} (of request {@code r}, with {@code decided} decisions so far) every client of the API gets. */
    static Map<String, Object> summary(ApprovalCard card, ApprovalRequest r, int decided) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requestId", card.requestId());
        out.put("intentId", card.intentId());
        out.put("agent", card.agent().id());
        out.put("agentOwner", card.agent().owner());
        out.put("principal", card.principal());
        out.put("delegationChain", card.delegationChain());
        out.put("action", card.action());
        out.put("environment", card.environment());
        out.put("targets", card.targets().stream().map(t -> Map.of("dataset", t.dataset(),
                "labels", t.labels().stream().map(ApprovalCard.Label::label).toList())).toList());
        out.put("destination", card.destination() == null ? null
                : Map.of("uri", card.destination().uri(), "external", card.destination().external()));
        out.put("maskedParameters", card.parameters());
        out.put("reason", card.reason());
        out.put("matchedRules", card.rules());
        out.put("riskScore", card.risk());
        out.put("quorum", card.progress().quorum());
        out.put("decisionsSoFar", decided);
        out.put("requireReasonOnApprove", r.getRequireReasonOnApprove());
        out.put("stepUp", r.getStepUp());
        out.put("expiresAt", card.expiresAt().toString());
        out.put("secondsLeft", card.secondsLeft());
        if (card.blastRadius() != null) {
            out.put("blastRadius", card.blastRadius().view());
        }
        return out;
    }
}
