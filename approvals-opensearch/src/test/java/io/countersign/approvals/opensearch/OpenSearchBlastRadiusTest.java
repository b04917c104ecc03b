package io.countersign.approvals.opensearch;

import io.countersign.approvals.adapter.in.kafka.PendingApprovals;
import io.countersign.approvals.adapter.out.JsonPostedMessages;
import io.countersign.approvals.application.ApprovalDispatcher;
import io.countersign.approvals.application.port.out.ApprovalChannel;
import io.countersign.approvals.domain.ApprovalCard;
import io.countersign.approvals.domain.BlastRadius;
import io.countersign.schema.AgentRef;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.DatasetClassification;
import io.countersign.schema.IntentSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With OpenSearch down (a closed loopback port) or silent (a port that accepts and never answers), a lookup
 * is "unavailable" within its budget and the request is posted anyway, saying so.
 */
class OpenSearchBlastRadiusTest {

    @TempDir
    Path dir;

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static BlastRadiusConfig config(int port) {
        return new BlastRadiusConfig("http://127.0.0.1:" + port, 3, 500, 500, 60, 30);
    }

    @Test
    void aClosedPortIsUnavailableAndTheCardIsPostedSayingSo() throws Exception {
        List<ApprovalCard> posted = new ArrayList<>();
        PendingApprovals views = new PendingApprovals();
        Instant now = Instant.parse("2026-12-01T10:00:05Z");
        views.requested(request());
        ApprovalDispatcher dispatcher = new ApprovalDispatcher(recording(posted), views, new JsonPostedMessages(dir.resolve("posted.json")),
                () -> now, false, Duration.ofSeconds(60), config(closedPort()).lookup());

        dispatcher.run();

        assertThat(posted).hasSize(1);
        assertThat(posted.get(0).blastRadius()).isEqualTo(BlastRadius.Unavailable.UNREACHABLE);
        assertThat(posted.get(0).blastRadius().line()).isEqualTo("blast radius unavailable (lineage index unreachable)");
    }

    @Test
    void anIndexThatDoesNotAnswerIsUnavailableWithinTheBudgetAndNotAskedAgainRightAwayForAnyTargets() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            OpenSearchBlastRadius lookup = new OpenSearchBlastRadius(config(silent.getLocalPort()));
            long t0 = System.nanoTime();
            assertThat(lookup.of(List.of("pg://crm/customers"))).contains(BlastRadius.Unavailable.UNREACHABLE);
            long firstMillis = (System.nanoTime() - t0) / 1_000_000;
            long t1 = System.nanoTime();
            assertThat(lookup.of(List.of("pg://crm/customers"))).contains(BlastRadius.Unavailable.UNREACHABLE);
            assertThat(lookup.of(List.of("pg://crm/orders"))).contains(BlastRadius.Unavailable.UNREACHABLE);
            long againMillis = (System.nanoTime() - t1) / 1_000_000;

            assertThat(firstMillis).isBetween(450L, 1500L);
            assertThat(againMillis).as("not asked again for a while: no second budget").isLessThan(100L);
        }
    }

    @Test
    void withoutAnIndexUrlThereIsNoLookup() {
        assertThat(BlastRadiusConfig.NONE.enabled()).isFalse();
        assertThat(BlastRadiusConfig.NONE.lookup().of(List.of("pg://crm/customers"))).isEmpty();
    }

    private static ApprovalRequest request() {
        Instant created = Instant.parse("2026-12-01T10:00:00Z");
        IntentSummary intent = IntentSummary.newBuilder().setIntentId("i-1").setOccurredAt(created)
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:exporter"))
                .setAction("db.export").setTargets(List.of("pg://crm/customers")).setEnvironment("prod").build();
        return ApprovalRequest.newBuilder().setRequestId("ar-1").setIntentId("i-1").setIntentHash("h-1").setIntent(intent)
                .setClassification(List.of(DatasetClassification.newBuilder().setDataset("pg://crm/customers").setLabels(List.of()).build()))
                .setMatchedRules(List.of()).setEligibleGroups(List.of("data-stewards")).setQuorum(1).setRequireReasonOnApprove(false)
                .setPolicyVersion("v1").setCreatedAt(created).setExpiresAt(created.plusSeconds(900)).build();
    }

    private static ApprovalChannel recording(List<ApprovalCard> posted) {
        return new ApprovalChannel() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public List<String> destinations(ApprovalCard card) {
                return List.of("main");
            }

            @Override
            public SentMessage post(String destination, ApprovalCard card) {
                posted.add(card);
                return new SentMessage(destination, "m" + posted.size());
            }

            @Override
            public void update(SentMessage sent, ApprovalCard card) {
            }

            @Override
            public void notifyRequester(ApprovalCard card) {
            }
        };
    }
}
