package io.countersign.ingest.adapter.in.http;

import io.countersign.approvals.domain.Identity;
import io.countersign.ingest.domain.Credential;
import io.countersign.ingest.domain.Principals;
import io.countersign.ingest.domain.Role;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /v1/me}: what the calling key is, with the principals it may name, the owner first. */
class RoutesCallerTest {

    @Test
    void saysTheKeysAgentOwnerRolesAndThePrincipalsItMayNameOwnerFirst() {
        Credential key = new Credential("key-exporter", Identity.of("agent:exporter"), Identity.of("user:olga@example.com"), Set.of(Role.AGENT),
                null, Principals.parse(List.of("user:zed@example.com", "user:alice@example.com")));
        assertThat(Routes.caller(key)).containsExactly(
                java.util.Map.entry("keyId", "key-exporter"), java.util.Map.entry("subject", "agent:exporter"),
                java.util.Map.entry("owner", "user:olga@example.com"), java.util.Map.entry("roles", List.of("AGENT")),
                java.util.Map.entry("principals", List.of("user:olga@example.com", "user:alice@example.com", "user:zed@example.com")),
                java.util.Map.entry("anyPrincipal", false));
        Credential any = new Credential("key-any", Identity.of("agent:any"), Identity.of("user:olga@example.com"), Set.of(Role.AGENT), null,
                Principals.ANY);
        assertThat(Routes.caller(any)).containsEntry("principals", List.of("user:olga@example.com")).containsEntry("anyPrincipal", true);
    }
}
