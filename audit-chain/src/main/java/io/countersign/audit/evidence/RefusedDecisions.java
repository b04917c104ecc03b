package io.countersign.audit.evidence;

import java.util.ArrayList;
import java.util.List;

/**
 * The decisions the pipeline refused in a period (DECISION_REJECTED), for {@link EvidenceReport}: attempts at
 * self-approval — by someone in the intent's delegation chain (its principal, agent, the agent's owner, a
 * parent agent), refusal {@code IN_DELEGATION_CHAIN} — apart from every other refusal (not eligible, decided
 * twice, unsigned, ...). The pipeline writes the note as {@code REFUSAL: detail}, the refusal being its enum
 * name, so the prefix is the pipeline's and not the approver's text.
 */
final class RefusedDecisions {

    /** The pipeline's refusal of a decision by a member of the intent's delegation chain (DecisionStep.Reason). */
    static final String SELF_APPROVAL = "IN_DELEGATION_CHAIN";

    private final List<String[]> selfApproval = new ArrayList<>();
    private final List<String[]> other = new ArrayList<>();

    void refused(ReportEntry e) {
        String note = e.note();
        int colon = note.indexOf(':');
        String refusal = colon < 0 ? note : note.substring(0, colon);
        String detail = colon < 0 ? "" : note.substring(colon + 1).strip();
        if (refusal.equals(SELF_APPROVAL)) {
            selfApproval.add(new String[] {e.intent(), e.actor(), e.eventText("decision"), e.eventText("channel"), e.at().toString(), detail});
        } else {
            other.add(new String[] {e.intent(), e.actor(), refusal, detail});
        }
    }

    /** Rows: intent, who, decision attempted, channel, when, detail. */
    List<String[]> selfApproval() {
        return selfApproval;
    }

    /** Rows: intent, who, refusal, detail. */
    List<String[]> other() {
        return other;
    }
}
