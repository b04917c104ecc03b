package io.countersign.ingest.adapter.in.http;

import io.countersign.approvals.domain.Identity;
import io.countersign.ingest.adapter.in.kafka.IntentView;
import io.countersign.ingest.domain.Credential;
import io.countersign.ingest.domain.IntentStatus;
import io.countersign.ingest.domain.Role;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class IntentRoutesTest {

    private static Credential key(String subject, Role role) {
        return new Credential("key-" + subject, Identity.of(subject), Identity.of("user:olga@example.com"), Set.of(role));
    }

    private static IntentView.Entry entry(String agentId) {
        return new IntentView.Entry("i-1", agentId, IntentStatus.PENDING, null, null);
    }

    @Test
    void anAgentReadsOnlyItsOwnIntentsAndNeverOneWhoseAgentIsUnknown() {
        Credential exporter = key("agent:exporter", Role.AGENT);
        assertThat(IntentRoutes.mayRead(exporter, entry("agent:exporter"))).isTrue();
        assertThat(IntentRoutes.mayRead(exporter, entry("agent:other"))).isFalse();
        assertThat(IntentRoutes.mayRead(exporter, entry(null))).as("agent not known yet").isFalse();
    }

    @Test
    void approversAndStewardsReadEveryIntent() {
        for (Credential reader : new Credential[]{key("user:carol@example.com", Role.APPROVER), key("user:carol@example.com", Role.STEWARD)}) {
            assertThat(IntentRoutes.mayRead(reader, entry("agent:exporter"))).isTrue();
            assertThat(IntentRoutes.mayRead(reader, entry(null))).isTrue();
        }
    }
}
