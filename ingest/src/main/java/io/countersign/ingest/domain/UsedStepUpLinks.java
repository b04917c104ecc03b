package io.countersign.ingest.domain;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The step-up links this gateway has accepted, so each is accepted once. A link is kept until it expires
 * (after which it is refused as expired anyway). Several gateways each keep their own: a link replayed on
 * another gateway can at most repeat the same approver's approval of the same request, which the pipeline
 * refuses, because each person decides once.
 */
public final class UsedStepUpLinks {

    private static final int PURGE_ABOVE = 1_000;
    private final ConcurrentHashMap<String, Instant> used = new ConcurrentHashMap<>();

    /** True the first time {@code linkId} is used; false for every later time. */
    public boolean use(String linkId, Instant expiresAt, Instant now) {
        if (used.size() > PURGE_ABOVE) {
            used.values().removeIf(expiry -> !now.isBefore(expiry));
        }
        return used.putIfAbsent(linkId, expiresAt) == null;
    }

    /** Whether {@code linkId} was used already. */
    public boolean wasUsed(String linkId) {
        return used.containsKey(linkId);
    }
}
