package io.countersign.approvals.opensearch;

import io.countersign.approvals.application.port.out.BlastRadiusLookup;
import io.countersign.schema.AgentRef;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.DatasetClassification;
import io.countersign.schema.IntentSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;

/**
 * Test fixture for "a card is still posted with OpenSearch down" (issue 22), shared with the Slack and Teams bots'
 * tests through this module's test-jar: the real {@link OpenSearchBlastRadius} pointed at a loopback port nothing
 * listens on, and a request for it to look up (an export of {@value #TARGET} by agent:exporter, owned by olga,
 * acting for alice, for the data stewards).
 */
public final class LineageIndexDown {

    /** The line a card shows when the index did not answer. */
    public static final String UNAVAILABLE = "blast radius unavailable (lineage index unreachable)";
    public static final String TARGET = "pg://crm/customers";
    public static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");

    private LineageIndexDown() {
    }

    /** A loopback port that was free a moment ago: connecting to it is refused, as to an OpenSearch that is down. */
    public static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The blast-radius section asking the index on loopback {@code port}, with a half-second budget so tests stay quick. */
    public static BlastRadiusConfig config(int port) {
        return new BlastRadiusConfig("http://127.0.0.1:" + port, 3, 500, 500, 60, 30);
    }

    /** The lookup the services build from their configuration ({@link BlastRadiusConfig#lookup()}), on a closed port. */
    public static BlastRadiusLookup lookup() {
        return config(closedPort()).lookup();
    }

    /** The open request {@code requestId} (intent {@code intentId}), created at {@link #CREATED} and open for 15 minutes. */
    public static ApprovalRequest request(String requestId, String intentId) {
        IntentSummary intent = IntentSummary.newBuilder().setIntentId(intentId).setOccurredAt(CREATED)
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:exporter"))
                .setAction("db.export").setTargets(List.of(TARGET)).setEnvironment("prod").build();
        return ApprovalRequest.newBuilder().setRequestId(requestId).setIntentId(intentId).setIntentHash("h-" + requestId).setIntent(intent)
                .setClassification(List.of(DatasetClassification.newBuilder().setDataset(TARGET).setLabels(List.of()).build()))
                .setMatchedRules(List.of()).setEligibleGroups(List.of("data-stewards")).setQuorum(1).setRequireReasonOnApprove(false)
                .setPolicyVersion("v1").setCreatedAt(CREATED).setExpiresAt(CREATED.plusSeconds(900)).build();
    }
}
