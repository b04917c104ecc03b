package io.countersign.approvals.application.port.out;

import io.countersign.approvals.domain.ApprovalCard;
import io.countersign.approvals.domain.BlastRadius;

import java.util.List;
import java.util.Optional;

/**
 * Where the blast radius of an approval's targets comes from (the lineage index in OpenSearch). An adapter
 * answers within its own time budget and never throws: an index it cannot reach is
 * {@link BlastRadius.Unavailable}. Empty: no index is configured, and cards simply leave the line out.
 */
@FunctionalInterface
public interface BlastRadiusLookup {

    /** No lineage index configured: no line on any card. */
    BlastRadiusLookup NONE = datasets -> Optional.empty();

    /** The blast radius of {@code datasets} (the request's targets, as the pipeline classified them). */
    Optional<BlastRadius> of(List<String> datasets);

    /**
     * {@code card} with the blast radius of its targets; {@link BlastRadius.Unavailable} if the lookup fails
     * anyway (a request is never held back by the index), unchanged when no index is configured or it has no targets.
     */
    default ApprovalCard addTo(ApprovalCard card) {
        if (card.targets().isEmpty()) {
            return card;
        }
        Optional<BlastRadius> radius;
        try {
            radius = of(card.targets().stream().map(ApprovalCard.Target::dataset).toList());
        } catch (RuntimeException e) {
            radius = Optional.of(BlastRadius.Unavailable.UNREACHABLE);
        }
        return radius.map(card::withBlastRadius).orElse(card);
    }
}
