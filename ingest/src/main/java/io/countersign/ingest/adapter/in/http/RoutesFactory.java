package io.countersign.ingest.adapter.in.http;

import io.countersign.approvals.adapter.in.kafka.PendingApprovals;
import io.countersign.approvals.application.SubmitDecisionService;
import io.countersign.approvals.application.port.out.BlastRadiusLookup;
import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.StepUpPage;
import io.countersign.approvals.domain.StepUpRequirement;
import io.countersign.contracts.signing.DecisionSignature;
import io.countersign.ingest.adapter.in.kafka.DeclaredLabels;
import io.countersign.ingest.adapter.in.kafka.IntentView;
import io.countersign.ingest.adapter.out.GatewayRefusals;
import io.countersign.ingest.adapter.out.KafkaDecisions;
import io.countersign.ingest.adapter.out.KafkaPublisher;
import io.countersign.ingest.domain.Environment;
import io.countersign.ingest.domain.UsedStepUpLinks;
import io.countersign.oidc.TokenVerifier;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongPredicate;

/** Builds the gateway's routes from its adapters; keeps the route classes package-private. */
public final class RoutesFactory {

    private RoutesFactory() {
    }

    /** Step-up approvals: where links lead, how ID tokens are verified, what a step-up sign-in must show. */
    public record StepUp(StepUpPage page, TokenVerifier idTokens, StepUpRequirement requirement) {
    }

    /**
     * {@code stepUp}: step-up approvals (ingest.stepUp), or null without;
     * {@code viewCurrentSince}: whether the views were read to the end of their topics at or after a {@link System#nanoTime()};
     * {@code tokens}: the verifier of the identity provider's tokens (ingest.oidc), for delegation tokens; null without one;
     * {@code blastRadius}: what the approval API shows of what depends on a request's targets.
     */
    public static Routes create(KafkaPublisher publisher, IntentView view, LongPredicate viewCurrentSince, DeclaredLabels declared,
                                PendingApprovals approvals, Directory directory, DecisionSignature.Signer decisionSigner, TokenVerifier tokens,
                                StepUp stepUp, Duration maxWait, Environment defaultEnvironment, Clock clock, PrometheusMeterRegistry metrics,
                                BlastRadiusLookup blastRadius) {
        KafkaDecisions decisions = new KafkaDecisions(publisher);
        Map<String, DecisionSignature.Signer> signers = decisionSigner == null ? Map.of() : Map.of(ApprovalRoutes.CHANNEL, decisionSigner);
        return new Routes(new IntentRoutes(publisher,
                new PrincipalProof(new GatewayRefusals(publisher, clock), tokens, decisionSigner, clock, metrics), view, approvals, maxWait,
                        defaultEnvironment, clock, metrics),
                new ExecutionRoute(publisher, view, viewCurrentSince, clock),
                new DatasetRoutes(publisher, declared, clock),
                new LineageRoute(publisher, declared, clock),
                new ApprovalRoutes(new SubmitDecisionService(approvals, directory, decisions, signers, clock,
                        stepUp == null ? null : stepUp.page()), approvals, directory, clock, blastRadius),
                stepUp == null ? null : new StepUpRoutes(stepUp.page().links(), stepUp.idTokens(), stepUp.requirement(),
                        new SubmitDecisionService(approvals, directory, decisions, signers, clock), approvals,
                        directory, new UsedStepUpLinks(), clock),
                declared, metrics);
    }
}
