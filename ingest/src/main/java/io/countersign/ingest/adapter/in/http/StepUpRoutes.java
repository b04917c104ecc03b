package io.countersign.ingest.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.countersign.approvals.adapter.in.kafka.PendingApprovals;
import io.countersign.approvals.application.port.in.DecisionResult;
import io.countersign.approvals.application.port.in.SubmitDecisionCommand;
import io.countersign.approvals.application.port.in.SubmitDecisionUseCase;
import io.countersign.approvals.domain.ApprovalCards;
import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.Identity;
import io.countersign.approvals.domain.ProvenGroups;
import io.countersign.approvals.domain.StepUpLinks;
import io.countersign.approvals.domain.StepUpRequirement;
import io.countersign.ingest.adapter.out.KafkaPublisher;
import io.countersign.ingest.domain.InvalidRequestException;
import io.countersign.ingest.domain.UsedStepUpLinks;
import io.countersign.oidc.TokenRejectedException;
import io.countersign.oidc.TokenVerifier;
import io.countersign.oidc.VerifiedToken;
import io.countersign.schema.ApproverAuthentication;
import io.countersign.schema.AuthenticationMethod;
import io.countersign.schema.DecisionKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step-up approvals, for review rules with {@code stepUp: true}: {@code GET /v1/step-up?link=…} shows
 * the dashboards' step-up page what the one-time link is for (the masked request, the approver it is
 * bound to), and {@code POST /v1/step-up} with {@code {link, idToken, reason}} records the approval when
 * the link is authentic, unexpired and unused, and the ID token (verified against the provider: issuer,
 * the dashboards' client id as audience, expiry, pinned algorithms) names that same approver, was issued
 * for a sign-in at most {@code maxAge} ago ({@code auth_time}) and shows multi-factor authentication
 * ({@code amr}/{@code acr}). The decision, signed with the {@code api} channel's key, records how the
 * approver authenticated ({@link ApproverAuthentication}, {@code OIDC_STEP_UP}); the pipeline accepts a
 * step-up only from this channel. The link and the ID token are the credentials: no API key is needed.
 */
final class StepUpRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(StepUpRoutes.class);

    /** The body of a step-up approval. */
    record StepUpApproval(@JsonProperty("link") String link, @JsonProperty("idToken") String idToken,
                          @JsonProperty("reason") String reason) {
    }

    private final StepUpLinks links;
    private final TokenVerifier idTokens;
    private final StepUpRequirement requirement;
    private final SubmitDecisionUseCase decisions;
    private final PendingApprovals pending;
    private final Directory directory;
    private final UsedStepUpLinks used;
    private final Clock clock;

    StepUpRoutes(StepUpLinks links, TokenVerifier idTokens, StepUpRequirement requirement, SubmitDecisionUseCase decisions,
                 PendingApprovals pending, Directory directory, UsedStepUpLinks used, Clock clock) {
        this.links = links;
        this.idTokens = idTokens;
        this.requirement = requirement;
        this.decisions = decisions;
        this.pending = pending;
        this.directory = directory;
        this.used = used;
        this.clock = clock;
    }

    void view(Exchange x, String token) {
        StepUpLinks.Link link = link(token);
        if (used.wasUsed(link.id())) {
            throw new HttpProblem(409, "link_used", "this step-up link was used already; click Approve again for a new one");
        }
        var open = pending.get(link.requestId()).orElseThrow(() -> new HttpProblem(409, "already_decided",
                "request " + link.requestId() + " is no longer open (decided or expired)"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("approver", link.approver().value());
        out.put("linkExpiresAt", link.expiresAt().toString());
        out.put("maxAuthAgeSeconds", requirement.maxAge().toSeconds());
        out.put("approval", ApprovalRoutes.summary(ApprovalCards.open(open.request(), List.of(), clock.instant()), open.request(),
                open.decidedBy().size()));
        x.json(200, out);
    }

    void approve(Exchange x, byte[] body) throws KafkaPublisher.UnavailableException {
        StepUpApproval r = Json.read(body, StepUpApproval.class);
        StepUpLinks.Link link = link(r.link());
        if (r.idToken() == null || r.idToken().isBlank()) {
            throw new InvalidRequestException("idToken", "idToken is required: the ID token of your fresh sign-in at the identity provider");
        }
        VerifiedToken token;
        try {
            token = idTokens.verify(r.idToken());
        } catch (TokenRejectedException e) {
            LOG.info("Step-up ID token refused for link {}: {}", link.id(), e.getMessage());
            throw new HttpProblem(401, "invalid_id_token", "the ID token was refused: " + e.getMessage());
        }
        Identity who = TokenAuthentication.identity(token, directory, idTokens.config().identityClaim());
        if (!who.equals(link.approver())) {
            throw new HttpProblem(403, "wrong_person", "this step-up link is for " + link.approver().value()
                    + ", and you signed in as " + who.value() + "; sign in as the person the link was sent to");
        }
        // A request that needs step-up needs a fresh multi-factor sign-in; a link sent only so the provider can
        // confirm the person's groups (a chat approve, ProvenGroups) needs a fresh sign-in.
        boolean stepUp = pending.get(link.requestId()).map(p -> p.request().getStepUp()).orElse(true);
        ApproverAuthentication auth = fromToken(token, stepUp ? AuthenticationMethod.OIDC_STEP_UP : AuthenticationMethod.OIDC_SIGN_IN,
                link.id(), directory);
        Instant now = clock.instant();
        Optional<String> problem = stepUp ? requirement.problem(auth.getAuthTime(), auth.getAmr(), auth.getAcr(), now)
                : requirement.staleness(auth.getAuthTime(), now);
        if (problem.isPresent()) {
            throw new HttpProblem(403, "step_up_insufficient", problem.get());
        }
        if (!used.use(link.id(), link.expiresAt(), now)) {
            throw new HttpProblem(409, "link_used", "this step-up link was used already; click Approve again for a new one");
        }
        DecisionResult result = decisions
                .submit(new SubmitDecisionCommand(link.requestId(), who, DecisionKind.APPROVE, r.reason(), ApprovalRoutes.CHANNEL, null, auth));
        if (result instanceof DecisionResult.Refused refused && refused.code() == DecisionResult.Code.UNAVAILABLE) {
            throw new KafkaPublisher.UnavailableException(refused.message());
        }
        if (result instanceof DecisionResult.Refused refused) {
            throw ApprovalRoutes.refusal(refused, "");
        }
        if (!(result instanceof DecisionResult.Accepted accepted)) {
            throw new IllegalStateException("a step-up approval asked for another step-up: " + result.getClass().getSimpleName());
        }
        String intentId = accepted.request().getIntentId();
        LOG.info("Step-up approval {} on request {} by {} (link {})", accepted.decision().getDecisionId(), link.requestId(), who.value(), link.id());
        x.json(202, Map.of("decisionId", accepted.decision().getDecisionId(), "requestId", link.requestId(), "intentId", intentId,
                "decision", "APPROVE", "status", "accepted; the verdict follows on GET /v1/intents/" + intentId));
    }

    private StepUpLinks.Link link(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidRequestException("link", "link is required: the step-up link's token");
        }
        try {
            return links.verify(token, clock.instant());
        } catch (StepUpLinks.InvalidLinkException e) {
            throw new HttpProblem(401, "invalid_link", e.getMessage());
        }
    }

    /** What the audit keeps of a verified token: issuer, subject, auth_time, amr, acr, and the provider's groups {@code directory} maps. */
    static ApproverAuthentication fromToken(VerifiedToken token, AuthenticationMethod method, String linkId, Directory directory) {
        Object authTime = token.claims().getClaim("auth_time");
        Instant at = authTime instanceof Number n ? Instant.ofEpochSecond(n.longValue())
                : authTime instanceof java.util.Date d ? d.toInstant() : null;
        List<String> amr = new ArrayList<>();
        if (token.claims().getClaim("amr") instanceof List<?> values) {
            values.stream().filter(String.class::isInstance).map(String.class::cast).limit(16).forEach(amr::add);
        }
        Object acr = token.claims().getClaim("acr");
        return ApproverAuthentication.newBuilder().setMethod(method).setIssuer(token.claims().getIssuer()).setSubject(token.subject())
                .setAuthTime(at).setAmr(amr).setAcr(acr instanceof String s ? s : null).setStepUpLinkId(linkId)
                .setGroups(ProvenGroups.mapped(directory, token.groups())).build();
    }
}
