package io.countersign.processors.domain.policy;

import io.countersign.schema.DelegationProof;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * A delegation proof rebuilt from what was recorded about it, for deciding an intent again (policy replay,
 * policy test cases): the gateway's signature was checked when the intent was first decided, and what policy
 * sees of a proof ({@code principal.proven}, {@code principal.issuer}, {@code principal.actor}) is what the
 * record keeps. The rebuilt proof carries no signature, so it can never pass the gate's check
 * ({@code Gate.verifiedDelegation}) and make a live intent proven.
 */
public final class RecordedDelegation {

    /** The signing key id of a rebuilt proof: names where it came from in any log or report. */
    public static final String RECORDED = "recorded";

    private RecordedDelegation() {
    }

    /** The proof of a principal recorded as proven by {@code issuer} for {@code actor}, at {@code at}. */
    public static DelegationProof of(String issuer, String subject, String actor, Instant at) {
        return DelegationProof.newBuilder().setIssuer(issuer == null ? "" : issuer).setSubject(subject == null ? "" : subject)
                .setActor(actor == null ? "" : actor).setExpiresAt(at).setVerifiedAt(at).setSigningKeyId(RECORDED)
                .setSignature(ByteBuffer.allocate(0)).build();
    }
}
