package io.countersign.approvals.opensearch;

import io.countersign.approvals.adapter.in.kafka.PendingApprovals;
import io.countersign.approvals.adapter.out.JsonPostedMessages;
import io.countersign.approvals.application.ApprovalDispatcher;
import io.countersign.approvals.application.port.out.ApprovalChannel;
import io.countersign.approvals.domain.ApprovalCard;
import io.countersign.approvals.domain.BlastRadius;
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

    @Test
    void aClosedPortIsUnavailableAndTheCardIsPostedSayingSo() throws Exception {
        List<ApprovalCard> posted = new ArrayList<>();
        PendingApprovals views = new PendingApprovals();
        Instant now = LineageIndexDown.CREATED.plusSeconds(5);
        views.requested(LineageIndexDown.request("ar-1", "i-1"));
        ApprovalDispatcher dispatcher = new ApprovalDispatcher(recording(posted), views, new JsonPostedMessages(dir.resolve("posted.json")),
                () -> now, false, Duration.ofSeconds(60), LineageIndexDown.lookup());

        dispatcher.run();

        assertThat(posted).hasSize(1);
        assertThat(posted.get(0).blastRadius()).isEqualTo(BlastRadius.Unavailable.UNREACHABLE);
        assertThat(posted.get(0).blastRadius().line()).isEqualTo(LineageIndexDown.UNAVAILABLE);
    }

    @Test
    void anIndexThatDoesNotAnswerIsUnavailableWithinTheBudgetAndNotAskedAgainRightAwayForAnyTargets() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            OpenSearchBlastRadius lookup = new OpenSearchBlastRadius(LineageIndexDown.config(silent.getLocalPort()));
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
