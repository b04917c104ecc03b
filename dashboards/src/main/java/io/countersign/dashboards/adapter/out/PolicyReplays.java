package io.countersign.dashboards.adapter.out;

import io.countersign.processors.adapter.in.audit.AuditIndexHistory;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyLoadException;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.processors.domain.policy.replay.PolicyReplay;
import io.countersign.processors.domain.policy.replay.ReplayReport;
import io.countersign.search.AuditIndexScan;

import java.time.Instant;

/**
 * The Policy page's replay: compiles a candidate policy (the pipeline's own {@link PolicyLoader}) and replays the
 * classified intents of a period from the OpenSearch audit index ({@code countersign-audit}, read by
 * {@link AuditIndexScan} and {@link AuditIndexHistory}) through it with {@link PolicyReplay}, as
 * {@code countersign policy replay --index} does. Reads only; the candidate is never stored.
 */
public final class PolicyReplays {

    private final Search search;

    public PolicyReplays(Search search) {
        this.search = search;
    }

    /** Compiles {@code yaml}; a policy that does not compile throws {@link PolicyLoadException} with each problem's line and rule. */
    public static Policy compile(String yaml) {
        return PolicyLoader.parse(yaml, "candidate.yaml");
    }

    /** The flips of [{@code from}, {@code to}) under {@code candidate}, listing at most {@code maxFlips} of them (all are counted). */
    public ReplayReport replay(Policy candidate, Instant from, Instant to, int maxFlips) {
        return PolicyReplay.replay(AuditIndexHistory.read(AuditIndexScan.classified(search.client(), from, to), i -> true), candidate,
                maxFlips, n -> { });
    }
}
