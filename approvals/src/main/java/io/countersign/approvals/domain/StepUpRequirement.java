package io.countersign.approvals.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a step-up sign-in must show to count: the person authenticated at the identity provider no longer
 * than {@code maxAge} ago ({@code auth_time}), and with multi-factor authentication: one of the
 * {@code mfaAmr} values in {@code amr} (RFC 8176: {@code mfa}, {@code otp}, {@code hwk}, ...), or an
 * {@code acr} among {@code mfaAcr} (for providers that express MFA as an assurance level instead).
 */
public record StepUpRequirement(Duration maxAge, Set<String> mfaAmr, Set<String> mfaAcr) {

    /** RFC 8176 values that only a second factor produces. */
    public static final List<String> DEFAULT_MFA_AMR = List.of("mfa", "otp", "hwk", "swk", "sms", "fpt", "face", "iris", "retina", "vbm");
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);

    public StepUpRequirement {
        maxAge = maxAge == null ? DEFAULT_MAX_AGE : maxAge;
        mfaAmr = mfaAmr == null ? Set.copyOf(DEFAULT_MFA_AMR) : Set.copyOf(mfaAmr);
        mfaAcr = mfaAcr == null ? Set.of() : Set.copyOf(mfaAcr);
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("step-up maxAge must be positive");
        }
    }

    /** Why a sign-in does not count as a step-up at {@code now}; empty when it does. */
    public Optional<String> problem(Instant authTime, Collection<String> amr, String acr, Instant now) {
        Optional<String> stale = staleness(authTime, now);
        if (stale.isPresent()) {
            return stale;
        }
        boolean multiFactor = amr.stream().anyMatch(mfaAmr::contains) || (acr != null && mfaAcr.contains(acr));
        if (!multiFactor) {
            return Optional.of("this approval needs a multi-factor sign-in, and the identity provider reports none (amr "
                    + amr + (acr == null ? "" : ", acr " + acr) + ")");
        }
        return Optional.empty();
    }

    /**
     * Why a sign-in is not fresh at {@code now} (no {@code auth_time}, older than {@code maxAge}, or in the future);
     * empty when it is. A sign-in that only confirms the person's groups at the provider needs this, not MFA.
     */
    public Optional<String> staleness(Instant authTime, Instant now) {
        if (authTime == null) {
            return Optional.of("the identity provider did not say when you signed in (auth_time); the operator must enable it");
        }
        if (authTime.isBefore(now.minus(maxAge))) {
            return Optional.of("your sign-in is older than " + maxAge.toMinutes() + " minutes; sign in again to approve");
        }
        if (authTime.isAfter(now.plus(Duration.ofMinutes(1)))) {
            return Optional.of("the sign-in time (auth_time) is in the future");
        }
        return Optional.empty();
    }
}
