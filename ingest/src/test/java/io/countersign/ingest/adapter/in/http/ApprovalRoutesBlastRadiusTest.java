package io.countersign.ingest.adapter.in.http;

import io.countersign.approvals.application.port.out.BlastRadiusLookup;
import io.countersign.approvals.domain.BlastRadius;
import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.opensearch.BlastRadiusConfig;
import io.countersign.schema.AgentRef;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.DatasetClassification;
import io.countersign.schema.IntentSummary;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The approval API's view of a pending request carries the blast radius of its targets, or says the index could not answer. */
class ApprovalRoutesBlastRadiusTest {

    private static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(CREATED.plusSeconds(60), ZoneOffset.UTC);

    private static ApprovalRoutes routes(BlastRadiusLookup lookup) {
        return new ApprovalRoutes(null, null, Directory.of(Map.of()), CLOCK, lookup);
    }

    private static ApprovalRequest request() {
        IntentSummary intent = IntentSummary.newBuilder().setIntentId("i-1").setOccurredAt(CREATED)
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:exporter"))
                .setAction("db.export").setTargets(List.of("pg://crm/customers")).setEnvironment("prod").build();
        return ApprovalRequest.newBuilder().setRequestId("ar-1").setIntentId("i-1").setIntentHash("h").setIntent(intent)
                .setClassification(List.of(DatasetClassification.newBuilder().setDataset("pg://crm/customers").setLabels(List.of()).build()))
                .setMatchedRules(List.of()).setEligibleGroups(List.of("data-stewards")).setQuorum(1).setRequireReasonOnApprove(false)
                .setPolicyVersion("v1").setCreatedAt(CREATED).setExpiresAt(CREATED.plusSeconds(900)).build();
    }

    @Test
    void theViewCarriesTheLineAndItsCounts() {
        BlastRadius radius = new BlastRadius.Known(14, 3, false, Map.of("PII", 2), 5, 30);

        Map<String, Object> view = routes(datasets -> Optional.of(radius)).summary(request(), 0);

        assertThat(view.get("blastRadius")).isEqualTo(Map.of("line", "feeds 14 datasets in 3 hops, 2 labelled PII; used by 5 agents this month",
                "available", true, "datasets", 14, "hops", 3, "capped", false, "labelled", Map.of("PII", 2), "consumers", 5, "windowDays", 30));
    }

    @Test
    void withTheIndexDownTheRequestIsListedSayingTheBlastRadiusIsUnavailable() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        BlastRadiusLookup down = new BlastRadiusConfig("http://127.0.0.1:" + closed, 3, 500, 500, 60, 30).lookup();

        Map<String, Object> view = routes(down).summary(request(), 0);

        assertThat(view).containsEntry("requestId", "ar-1").containsEntry("blastRadius", Map.of("line",
                "blast radius unavailable (lineage index unreachable)", "available", false, "reason", "lineage index unreachable"));
    }

    @Test
    void withoutAnIndexThereIsNoBlastRadius() {
        assertThat(routes(BlastRadiusLookup.NONE).summary(request(), 0)).containsEntry("requestId", "ar-1").doesNotContainKey("blastRadius");
    }
}
