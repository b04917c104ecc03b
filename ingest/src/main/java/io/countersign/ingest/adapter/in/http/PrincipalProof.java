package io.countersign.ingest.adapter.in.http;

import io.countersign.approvals.domain.Identity;
import io.countersign.contracts.signing.DecisionSignature;
import io.countersign.contracts.signing.DelegationSignature;
import io.countersign.ingest.application.port.out.IntentRefusals;
import io.countersign.ingest.domain.InvalidRequestException;
import io.countersign.ingest.domain.PrincipalRefusal;
import io.countersign.ingest.domain.PrincipalRefusal.Kind;
import io.countersign.oidc.TokenRejectedException;
import io.countersign.oidc.TokenVerifier;
import io.countersign.oidc.VerifiedToken;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.DelegationProof;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.ByteBuffer;
import java.time.Clock;

/**
 * Whether an intent may name its principal, and whether that is proven. Without a delegation token, the
 * key must allow the principal ({@link io.countersign.ingest.domain.Principals}: its owner and those listed
 * for it). With one ({@value #HEADER}: a JWT from the organisation's provider after an OAuth 2.0 Token
 * Exchange, RFC 8693, whose {@code sub} is the human and {@code act.sub} the agent, audience Countersign),
 * the token is verified ({@link TokenVerifier}, {@code ingest.oidc}), its identity claim must be the
 * intent's principal and its actor this key's agent; the intent then carries a {@link DelegationProof}
 * signed with the gateway's api channel key, which the pipeline checks before it treats the principal as
 * proven. A proven delegation needs no listing for the key. Every refusal is 403 with the intent's id, recorded through
 * {@link IntentRefusals} for the audit log under that id; neither the record nor the message repeats what the token or
 * the body said.
 */
final class PrincipalProof {

    /** The header an agent sends the delegation token in. */
    static final String HEADER = "Countersign-Delegation";

    private final IntentRefusals refusals;
    private final TokenVerifier verifier;
    private final DecisionSignature.Signer signer;
    private final Clock clock;
    private final MeterRegistry metrics;

    /** {@code verifier}: null when the gateway has no {@code ingest.oidc}; {@code signer}: the api channel key, or null. */
    PrincipalProof(IntentRefusals refusals, TokenVerifier verifier, DecisionSignature.Signer signer, Clock clock, MeterRegistry metrics) {
        this.refusals = refusals;
        this.verifier = verifier;
        this.signer = signer;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** {@code intent} as it may be written (with its signed delegation proof when one was sent); else an HttpProblem. */
    ActionIntent check(Exchange x, ActionIntent intent) {
        String token = x.header(HEADER);
        if (token != null) {
            return proven(x, intent, token);
        }
        if (!x.caller.mayActFor(new Identity(intent.getPrincipal()))) {
            throw refuse(x, intent, Kind.PRINCIPAL_NOT_ALLOWED, "principal not allowed for this key",
                    "the intent's principal is not one this key (" + x.caller.keyId() + ", " + x.caller.subject().value()
                            + ") may act for: it may act only for " + x.caller.principals().describe(x.caller.owner())
                            + "; ask the operator to list the principal for the key (principals: in the API keys file), or send a"
                            + " delegation token in " + HEADER);
        }
        return intent;
    }

    private ActionIntent proven(Exchange x, ActionIntent intent, String token) {
        if (verifier == null) {
            throw new InvalidRequestException(HEADER, "this gateway verifies no delegation tokens (ingest.oidc is not configured);"
                    + " send the intent without " + HEADER);
        }
        if (signer == null) {
            throw new HttpProblem(503, "delegation_signing_not_configured", "this gateway has no signing key to vouch for delegations;"
                    + " the operator sets ingest.decisionSigningKey and ingest.decisionKeyId (countersign keys channel --channel api)");
        }
        VerifiedToken verified;
        try {
            verified = verifier.verify(token);
        } catch (TokenRejectedException e) {
            throw refuse(x, intent, Kind.DELEGATION_NOT_PROVEN, "delegation token refused: " + e.getMessage(),
                    "the delegation token was refused: " + e.getMessage());
        }
        if (!principalOf(verified).equals(intent.getPrincipal())) {
            throw refuse(x, intent, Kind.DELEGATION_NOT_PROVEN, "delegation token for another principal",
                    "the delegation token's " + verifier.config().identityClaim() + " is not the intent's principal");
        }
        String actor = verified.actor();
        if (actor == null || !(actor.equals(x.caller.subject().value()) || actor.equals(x.caller.subject().name()))) {
            throw refuse(x, intent, Kind.DELEGATION_NOT_PROVEN, "delegation token for another actor",
                    "the delegation token's act.sub is not this key's agent (" + x.caller.subject().value() + "); exchange the"
                            + " principal's token for one naming the agent as actor (RFC 8693)");
        }
        DelegationProof proof = DelegationProof.newBuilder().setIssuer(verifier.config().issuer()).setSubject(verified.subject())
                .setActor(actor).setTokenId(verified.claims().getJWTID()).setExpiresAt(verified.expiresAt()).setVerifiedAt(clock.instant())
                .setSigningKeyId(signer.keyId()).setSignature(ByteBuffer.allocate(0)).build();
        metrics.counter("countersign.ingest.intents", "result", "delegation_proven").increment();
        return ActionIntent.newBuilder(intent).setDelegation(DelegationSignature.sign(signer, intent, proof)).build();
    }

    /** The principal a token names: its identity claim as an identity ({@code user:<value>} unless it is one). */
    private static String principalOf(VerifiedToken token) {
        try {
            return Identity.of(token.identity().contains(":") ? token.identity() : "user:" + token.identity()).value();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private HttpProblem refuse(Exchange x, ActionIntent intent, Kind kind, String recorded, String message) {
        refusals.refused(x.caller, intent, new PrincipalRefusal(kind, recorded));
        metrics.counter("countersign.ingest.intents", "result", kind.error()).increment();
        return HttpProblem.ofIntent(403, kind.error(), message, intent.getIntentId());
    }
}
