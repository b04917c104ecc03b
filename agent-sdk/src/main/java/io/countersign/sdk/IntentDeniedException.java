package io.countersign.sdk;

import java.util.ArrayList;
import java.util.List;

/**
 * The intent was not allowed: policy denied it, approvers denied it, or it expired unanswered.
 * Thrown by {@link Countersign#guard} before the action runs (it never runs in this case).
 *
 * <p>The message says who decided and why: decidedBy, each approver with their decision and reason,
 * the matched rule ids and the gateway's message. {@link #verdict()} gives the full structured verdict.
 */
public class IntentDeniedException extends CountersignException {
    private static final long serialVersionUID = 1L;

    private final transient Verdict verdict;
    private final String intentId;

    /** Creates the exception for an intent of {@code action} that received a non-allowing verdict. */
    public IntentDeniedException(String action, String intentId, Verdict verdict) {
        super(describe(action, intentId, verdict), null, 0, null, null, verdict.requestId());
        this.verdict = verdict;
        this.intentId = intentId;
    }

    /** The verdict that denied the intent. */
    public Verdict verdict() {
        return verdict;
    }

    /** The id of the denied intent. */
    public String intentId() {
        return intentId;
    }

    private static String describe(String action, String intentId, Verdict v) {
        StringBuilder sb = new StringBuilder("intent '").append(action).append("' (").append(intentId).append(") ");
        switch (v.decidedBy()) {
            case POLICY:
                sb.append("was denied by policy");
                break;
            case APPROVERS:
                sb.append("was denied by approvers");
                break;
            case EXPIRED:
                sb.append("expired before approvers decided (unanswered reviews count as denied)");
                break;
            default:
                sb.append("was not allowed (outcome ").append(v.outcome()).append(", decided by ")
                        .append(v.decidedBy()).append(')');
        }
        if (!v.decisions().isEmpty()) {
            List<String> answers = new ArrayList<>();
            for (ApproverDecision d : v.decisions()) {
                answers.add(d.toString());
            }
            sb.append("; approvers: ").append(String.join(", ", answers));
        }
        if (!v.matchedRules().isEmpty()) {
            List<String> ids = new ArrayList<>();
            for (MatchedRule r : v.matchedRules()) {
                ids.add(r.id());
            }
            sb.append("; matched rules: ").append(ids);
        }
        if (v.message() != null && !v.message().isBlank()) {
            sb.append("; message: ").append(v.message());
        }
        if (v.policyVersion() != null) {
            sb.append("; policy version ").append(v.policyVersion());
        }
        if (v.requestId() != null) {
            sb.append("; requestId ").append(v.requestId());
        }
        return sb.toString();
    }
}
