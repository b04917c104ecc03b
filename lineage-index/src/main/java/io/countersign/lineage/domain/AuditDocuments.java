package io.countersign.lineage.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.schema.AgentRef;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.DatasetClassification;
import io.countersign.schema.ExecutionReport;
import io.countersign.schema.IntentClassification;
import io.countersign.schema.IntentRefusal;
import io.countersign.schema.IntentSummary;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.MatchedRule;
import io.countersign.schema.Verdict;
import io.countersign.schema.Violation;
import io.countersign.search.Indices;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one audit record into its index writes: the record itself in {@code countersign-audit-events}
 * (id = chain partition and sequence, with the hash-chain fields, so the chain can be verified from the
 * index too), and the fields it contributes to the intent's one document in {@code countersign-audit}
 * (id = intent id), merged as events arrive in any order: who asked, what, classification, review,
 * verdict with approvers and reasons and time to decision, execution, violations; or, for an intent the
 * ingest gateway refused for its principal, who asked for whom and what, with outcome {@value #REFUSED}
 * and the refusal's reason as the message.
 */
public final class AuditDocuments {

    public static final String AUDIT = Indices.AUDIT;
    public static final String EVENTS = Indices.AUDIT_EVENTS;
    /** The outcome of an intent the gateway refused: it never reached the decision pipeline, so no verdict comes. */
    public static final String REFUSED = "REFUSED";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditDocuments() {
    }

    public static List<IndexOp> of(AuditRecord r, Origin origin) {
        String intentId = r.getIntentId();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("intentId", intentId);
        event.put("eventType", r.getEventType().name());
        event.put("occurredAt", r.getOccurredAt().toString());
        event.put("actor", r.getActor());
        event.put("note", r.getNote());
        event.put("chainPartition", r.getChainPartition());
        event.put("sequence", r.getSequence());
        event.put("prevHash", r.getPrevHash());
        event.put("hash", r.getHash());
        // The Kafka offset lets a verifier start reading the chain right at this record.
        event.put("offset", origin.offset);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("intentId", intentId);
        doc.put("lastEventAt", r.getOccurredAt().toString());
        Object e = r.getEvent();
        if (e instanceof IntentSummary s) {
            received(doc, s);
        } else if (e instanceof IntentClassification c) {
            classified(doc, c);
        } else if (e instanceof ApprovalRequest a) {
            doc.put("review", Map.of("requestId", a.getRequestId(), "eligibleGroups", a.getEligibleGroups(), "quorum", a.getQuorum(),
                    "requestedAt", a.getCreatedAt().toString(), "expiresAt", a.getExpiresAt().toString()));
        } else if (e instanceof Verdict v) {
            verdict(doc, v);
        } else if (e instanceof ExecutionReport x) {
            doc.put("execution", Map.of("status", x.getStatus().name(), "executedHash", x.getExecutedHash(),
                    "outputDatasets", x.getOutputDatasets(), "rowsAffected", x.getRowsAffected() == null ? -1 : x.getRowsAffected(),
                    "reportedAt", x.getReportedAt().toString()));
        } else if (e instanceof Violation v) {
            doc.put("violation", v.getKind().name());
        } else if (e instanceof IntentRefusal x) {
            refused(doc, x);
        } else if (e instanceof ApprovalDecision d) {
            event.put("approver", d.getApprover());
            event.put("decision", d.getDecision().name());
        }
        return List.of(
                IndexOp.upsert(EVENTS, r.getChainPartition() + "-" + r.getSequence(), json(event), origin),
                IndexOp.upsert(AUDIT, intentId, json(doc), origin));
    }

    private static void received(Map<String, Object> doc, IntentSummary s) {
        who(doc, s.getAgent(), s.getPrincipal(), s.getAction(), s.getTargets(), s.getEnvironment());
        doc.put("framework", s.getAgent().getFramework());
        doc.put("delegationChain", s.getDelegationChain());
        // Verified by the gateway against the identity provider and signed: the principal is proven, not claimed.
        doc.put("principalProven", s.getDelegation() != null);
        doc.put("principalIssuer", s.getDelegation() == null ? null : s.getDelegation().getIssuer());
        doc.put("principalActor", s.getDelegation() == null ? null : s.getDelegation().getActor());
        doc.put("destination", s.getDestination() == null ? null : s.getDestination().getUri());
        doc.put("external", s.getDestination() != null && s.getDestination().getExternal());
        doc.put("reason", s.getReason());
        // Masked already by the pipeline: parameters never reach the index raw.
        List<String> params = new ArrayList<>();
        s.getMaskedParameters().forEach((k, v) -> params.add(k + "=" + v));
        doc.put("maskedParameters", params);
        doc.put("receivedAt", s.getOccurredAt().toString());
    }

    /**
     * A refused intent is searched, faceted and listed like a decided one: received and decided at once, by the
     * gateway, with outcome {@value #REFUSED} and the reason as its message; the error code and the key's id are
     * kept beside, and the principal, claimed and refused, is never proven.
     */
    private static void refused(Map<String, Object> doc, IntentRefusal r) {
        who(doc, r.getAgent(), r.getPrincipal(), r.getAction(), r.getTargets(), r.getEnvironment());
        doc.put("principalProven", false);
        doc.put("receivedAt", r.getRefusedAt().toString());
        doc.put("outcome", REFUSED);
        doc.put("decidedBy", "GATEWAY");
        doc.put("decidedAt", r.getRefusedAt().toString());
        doc.put("verdictMessage", r.getReason());
        doc.put("refusal", Map.of("error", r.getError(), "keyId", r.getKeyId()));
    }

    /** Who asked for whom, and what: the same fields whether the intent was received or refused. */
    private static void who(Map<String, Object> doc, AgentRef agent, String principal, String action, List<String> targets, String environment) {
        doc.put("agent", agent.getId());
        doc.put("agentOwner", agent.getOwner());
        doc.put("principal", principal);
        doc.put("action", action);
        doc.put("targets", targets);
        doc.put("environment", environment);
    }

    private static void classified(Map<String, Object> doc, IntentClassification c) {
        Set<String> labels = new LinkedHashSet<>();
        List<Map<String, Object>> datasets = new ArrayList<>();
        for (DatasetClassification d : c.getDatasets()) {
            List<String> mine = d.getLabels().stream().map(LabelEntry::getLabel).toList();
            labels.addAll(mine);
            datasets.add(Map.of("dataset", d.getDataset(), "labels", mine));
        }
        doc.put("labels", List.copyOf(labels));
        doc.put("datasets", datasets);
        doc.put("riskScore", c.getRiskScore());
        doc.put("riskReasons", c.getRiskReasons());
        doc.put("effect", c.getEffect().name());
        doc.put("rules", c.getMatchedRules().stream().map(MatchedRule::getId).toList());
        doc.put("policyVersion", c.getPolicyVersion());
    }

    private static void verdict(Map<String, Object> doc, Verdict v) {
        doc.put("outcome", v.getOutcome().name());
        doc.put("decidedBy", v.getDecidedBy().name());
        doc.put("decidedAt", v.getDecidedAt().toString());
        doc.put("timeToDecisionMs", v.getLatencyMs());
        doc.put("verdictMessage", v.getMessage());
        doc.put("intentHash", v.getIntentHash());
        List<Map<String, Object>> approvers = new ArrayList<>();
        v.getDecisions().forEach(d -> {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("approver", d.getApprover());
            a.put("decision", d.getDecision().name());
            a.put("reason", d.getReason());
            a.put("channel", d.getChannel());
            a.put("decidedAt", d.getDecidedAt().toString());
            if (d.getAuthentication() != null) {
                a.put("authMethod", d.getAuthentication().getMethod().name());
                a.put("amr", d.getAuthentication().getAmr());
                a.put("authTime", d.getAuthentication().getAuthTime() == null ? null : d.getAuthentication().getAuthTime().toString());
            }
            approvers.add(a);
        });
        doc.put("approvers", approvers);
    }

    private static String json(Map<String, Object> doc) {
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write index document", e);
        }
    }
}
