package io.countersign.sdk;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class ErrorMappingTest extends ClientOnFakeGateway {

    @Test
    void unauthorizedIsAnAuthenticationExceptionAndNotRetried() {
        gateway.on("POST /v1/intents", FakeGateway.error(401, "unauthenticated", "unknown API key", null));

        assertThatThrownBy(() -> cs.submit(Replies.intent()))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.errorCode()).isEqualTo("unauthenticated");
                    assertThat(e.requestId()).isEqualTo("req-401");
                });
        assertThat(gateway.requests()).hasSize(1);
    }

    @Test
    void forbiddenIsAPermissionDeniedException() {
        gateway.on("POST /v1/intents", FakeGateway.error(403, "forbidden", "this key may not submit intents", null));

        assertThatThrownBy(() -> cs.submit(Replies.intent()))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("this key may not submit intents");
        assertThat(gateway.requests()).hasSize(1);
    }

    @Test
    void aRefusedPrincipalNamesTheIntentTheRefusalIsAuditedUnder() {
        gateway.on("POST /v1/intents", FakeGateway.json(403, "{\"error\":\"principal_not_allowed\",\"message\":\"principal not allowed\","
                + "\"requestId\":\"req-403\",\"intentId\":\"0b7c2f4e-5d1a-4c3b-9e8f-123456789abc\"}"));

        assertThatThrownBy(() -> cs.submit(Replies.intent()))
                .isInstanceOfSatisfying(PermissionDeniedException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("principal_not_allowed");
                    assertThat(e.refusedIntentId()).isEqualTo("0b7c2f4e-5d1a-4c3b-9e8f-123456789abc");
                });
    }

    @Test
    void badRequestCarriesTheFieldAndTheGatewaysGuidance() {
        gateway.on("POST /v1/intents", FakeGateway.error(400, "invalid_intent",
                "targets[0] must be a dataset URI such as pg://db/table", "targets[0]"));

        assertThatThrownBy(() -> cs.submit(Replies.intent()))
                .isInstanceOfSatisfying(CountersignException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.field()).isEqualTo("targets[0]");
                    assertThat(e.errorCode()).isEqualTo("invalid_intent");
                    assertThat(e.requestId()).isEqualTo("req-400");
                    assertThat(e.getMessage()).contains("such as pg://db/table", "targets[0]", "req-400");
                });
        assertThat(gateway.requests()).hasSize(1);
    }

    @Test
    void requestIdFallsBackToTheResponseHeaderWhenTheBodyIsNotJson() {
        gateway.on("GET /v1/intents/i-1", FakeGateway.json(500, "<html>proxy error</html>"));

        assertThatThrownBy(() -> cs.handle("i-1").status())
                .isInstanceOfSatisfying(CountersignException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(500);
                    assertThat(e.requestId()).startsWith("hdr-");
                });
    }

    @Test
    void theApiKeyNeverAppearsInMessagesOrToString() throws IOException {
        // A careless proxy echoing the key must not make the SDK leak it.
        gateway.on("POST /v1/intents", FakeGateway.error(401, "unauthenticated",
                "key " + Replies.API_KEY + " is revoked", null));
        gateway.on("GET /v1/intents/i-1", Replies.deniedByApprover("i-1"));
        gateway.on("GET /v1/intents/i-2", Replies.pending("i-2", "PENDING"));

        Throwable auth = catchThrowable(() -> cs.submit(Replies.intent()));
        Throwable denied = catchThrowable(() -> cs.guard(Replies.intent(), () -> 1));
        Throwable timeout = catchThrowable(() -> cs.handle("i-2").awaitVerdict(Duration.ZERO));
        URI dead;
        try (FakeGateway closed = new FakeGateway()) {
            dead = closed.uri();
        }
        Throwable offline;
        try (Countersign offlineClient = Replies.client(dead)) {
            offline = catchThrowable(() -> offlineClient.submit(Replies.intent()));
        }
        Throwable missingKey = catchThrowable(() -> Countersign.builder().baseUrl(dead).apiKey("bad key with spaces").build());

        assertThat(auth).hasMessageContaining("***").isInstanceOf(AuthenticationException.class);
        for (Throwable t : new Throwable[] {auth, denied, timeout, offline, missingKey}) {
            assertThat(t).isNotNull();
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).doesNotContain(Replies.API_KEY).doesNotContain("key with spaces");
        }
        assertThat(cs.toString() + cs.handle("i-1") + Replies.intent()).doesNotContain(Replies.API_KEY);
    }

    @Test
    void builderExplainsMissingSettings() {
        assertThatThrownBy(() -> Countersign.connect(URI.create("http://127.0.0.1:1"), null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("COUNTERSIGN_API_KEY");
        assertThatThrownBy(() -> Countersign.connect(URI.create("ftp://x"), "k"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("http");
        Countersign closed = Countersign.connect(URI.create("http://127.0.0.1:1"), "k");
        closed.close();
        assertThatThrownBy(() -> closed.submit(Replies.intent())).isInstanceOf(IllegalStateException.class);
    }
}
