package io.countersign.sdk;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Countersign#caller()}: what the client's key is, from {@code GET /v1/me}. */
class CallerTest extends ClientOnFakeGateway {

    @Test
    void readsTheKeysAgentOwnerAndThePrincipalsItMayName() {
        gateway.on("GET /v1/me", FakeGateway.json(200, "{\"keyId\": \"key-1\", \"subject\": \"agent:exporter\", \"owner\": \"user:olga@example.com\","
                + " \"roles\": [\"AGENT\"], \"principals\": [\"user:olga@example.com\", \"user:alice@example.com\"], \"anyPrincipal\": false}"));

        Caller caller = cs.caller();

        assertThat(caller.subject()).isEqualTo("agent:exporter");
        assertThat(caller.owner()).isEqualTo("user:olga@example.com");
        assertThat(caller.roles()).containsExactly("AGENT");
        assertThat(caller.principals()).containsExactly("user:olga@example.com", "user:alice@example.com");
        assertThat(caller.anyPrincipal()).isFalse();
        assertThat(caller.keyId()).isEqualTo("key-1");
    }

    @Test
    void aRefusedKeyIsAnAuthenticationError() {
        gateway.on("GET /v1/me", FakeGateway.error(401, "unauthorized", "unknown key", null));
        assertThatThrownBy(cs::caller).isInstanceOf(AuthenticationException.class);
    }
}
