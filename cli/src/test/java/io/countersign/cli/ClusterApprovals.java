package io.countersign.cli;

import io.countersign.sdk.Countersign;
import io.countersign.sdk.Verdict;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test fixture: an approver (security on-call, from the deployment's directory) approves every review of
 * a fault run through the approval API, alternating between the gateways as behind a load balancer, and
 * each review's agent then gets its ALLOWED verdict, decided by the approvers.
 */
final class ClusterApprovals {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ClusterApprovals() {
    }

    static void approveAll(LocalDeployment d, Set<String> intentIds) throws Exception {
        List<URI> gateways = d.gatewayUrls();
        int n = 0;
        for (String intentId : intentIds) {
            approve(gateways.get(n++ % gateways.size()), d.approverKey, "ar-" + intentId);
        }
        try (Countersign agent = Countersign.connect(gateways.get(0), d.agentKey)) {
            for (String intentId : intentIds) {
                Verdict v = agent.handle(intentId).awaitVerdict(Duration.ofMinutes(2));
                assertThat(v.outcome()).as(intentId).isEqualTo(Verdict.Outcome.ALLOWED);
                assertThat(v.decidedBy()).as(intentId).isEqualTo(Verdict.DecidedBy.APPROVERS);
            }
        }
    }

    /** Retries while this gateway has not read the request yet (404), as an approver clicking early would. */
    private static void approve(URI gateway, String key, String requestId) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        HttpResponse<String> r;
        do {
            r = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/v1/approvals/" + requestId + "/decisions"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"decision\": \"APPROVE\", \"reason\": \"cluster IT: change ticket checked\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 202) {
                return;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("approving " + requestId + " at " + gateway + ": " + r.statusCode() + " " + r.body());
    }
}
