package io.countersign.processors.adapter.in.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.processors.domain.policy.replay.PastDecision;
import io.countersign.processors.domain.policy.replay.PolicyReplay;
import io.countersign.processors.domain.policy.replay.ReplayReport;
import io.countersign.schema.Effect;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Audit index documents (as lineage-index's AuditDocuments writes them) read back as the past decisions a replay needs. */
class AuditIndexHistoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode doc(String id, String action, String effect, String label) throws Exception {
        return JSON.readTree("""
                {"intentId": "%s", "agent": "agent:etl", "framework": "langgraph", "agentOwner": null, "principal": "user:alice@example.com",
                 "delegationChain": ["user:alice@example.com", "agent:etl"], "action": "%s", "targets": ["pg://crm/customers"],
                 "destination": "s3://partner/drop", "external": true, "environment": "prod", "reason": "board pack",
                 "maskedParameters": ["format=csv", "where=region = 'EU'"], "receivedAt": "2026-11-20T10:00:00Z",
                 "labels": ["%s"], "datasets": [{"dataset": "pg://crm/customers", "labels": ["%s"]}],
                 "effect": "%s", "rules": ["pii-export-review"], "policyVersion": "v1", "outcome": "ALLOWED"}
                """.formatted(id, action, label, label, effect));
    }

    @Test
    void aDocumentIsTheIntentWithItsLabelsAtClassificationAndItsDecision() throws Exception {
        PastDecision d = AuditIndexHistory.decision(doc("i-1", "db.export", "REVIEW", "PII"), i -> true);
        assertThat(d.intentId()).isEqualTo("i-1");
        assertThat(d.occurredAt()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(d.intent().getAgent().getId()).isEqualTo("agent:etl");
        assertThat(d.intent().getAgent().getOwner()).isNull();
        assertThat(d.intent().getDestination().getExternal()).isTrue();
        assertThat(d.intent().getParameters()).isEqualTo(Map.of("format", "csv", "where", "region = 'EU'"));
        assertThat(d.labels()).isEqualTo(Map.of("pg://crm/customers", List.of("PII")));
        assertThat(d.effect()).isEqualTo(Effect.REVIEW);
        assertThat(d.rules()).containsExactly("pii-export-review");
        assertThat(d.policyVersion()).isEqualTo("v1");
    }

    @Test
    void unclassifiedDocumentsAndFilteredIntentsAreSkippedAndTheRestReplay() throws Exception {
        JsonNode unclassified = JSON.readTree("{\"intentId\": \"i-0\", \"agent\": \"agent:etl\", \"action\": \"db.read\", \"receivedAt\": \"2026-11-20T09:00:00Z\"}");
        Iterator<JsonNode> docs = List.of(unclassified, doc("i-1", "db.export", "REVIEW", "PII"), doc("i-2", "db.export", "REVIEW", "INTERNAL"),
                doc("i-3", "db.read", "ALLOW", "PII")).iterator();
        List<String> read = new ArrayList<>();
        AuditIndexHistory.read(docs, i -> i.getAction().equals("db.export")).forEachRemaining(d -> read.add(d.intentId()));
        assertThat(read).containsExactly("i-1", "i-2");

        docs = List.of(doc("i-1", "db.export", "REVIEW", "PII"), doc("i-2", "db.export", "REVIEW", "INTERNAL")).iterator();
        ReplayReport r = PolicyReplay.replay(AuditIndexHistory.read(docs, i -> true), PolicyLoader.parse("""
                defaultEffect: review
                defaultReview: {approvers: [security-oncall]}
                rules:
                  - id: pii-external-deny
                    condition: "intent.destination.external && 'PII' in labels"
                    effect: deny
                """, "candidate.yaml"), 10, n -> { });
        assertThat(r.replayed()).isEqualTo(2);
        assertThat(r.flips()).singleElement().satisfies(f -> {
            assertThat(f.intentId()).isEqualTo("i-1");
            assertThat(f.transition()).isEqualTo("review→deny");
            assertThat(f.cause()).isEqualTo("pii-external-deny");
        });
    }

    @Test
    void aPrincipalRecordedAsProvenIsProvenAgainInTheReplay() throws Exception {
        JsonNode proven = ((com.fasterxml.jackson.databind.node.ObjectNode) doc("i-1", "db.export", "ALLOW", "PII"))
                .put("principalProven", true).put("principalIssuer", "https://idp.example.com").put("principalActor", "agent:etl");
        PastDecision d = AuditIndexHistory.decision(proven, i -> true);
        assertThat(d.intent().getDelegation().getIssuer()).isEqualTo("https://idp.example.com");
        assertThat(d.intent().getDelegation().getActor()).isEqualTo("agent:etl");
        assertThat(AuditIndexHistory.decision(doc("i-2", "db.export", "ALLOW", "PII"), i -> true).intent().getDelegation()).isNull();

        ReplayReport r = PolicyReplay.replay(List.of(d, AuditIndexHistory.decision(doc("i-2", "db.export", "ALLOW", "PII"), i -> true)).iterator(),
                PolicyLoader.parse("""
                        defaultEffect: allow
                        rules:
                          - id: unproven-export
                            condition: "intent.action == 'db.export' && !(principal.proven && principal.issuer == 'https://idp.example.com')"
                            effect: deny
                        """, "candidate.yaml"), 10, n -> { });
        assertThat(r.flips()).extracting(f -> f.intentId()).containsExactly("i-2");
    }
}
