package io.countersign.sdk;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardTest {
    private FakeGateway gateway;
    private Countersign cs;
    private final AtomicInteger runs = new AtomicInteger();

    @BeforeEach
    void setUp() throws IOException {
        gateway = new FakeGateway();
        cs = Replies.client(gateway.uri());
    }

    /** Scripts submission of intent i-1, its execution reports, and the given verdict polls. */
    private void script(FakeGateway.Reply... polls) {
        gateway.on("POST /v1/intents", Replies.accepted("i-1"))
                .on("POST /v1/intents/i-1/execution", Replies.executionAccepted("i-1"))
                .on("GET /v1/intents/i-1", polls);
    }

    @AfterEach
    void tearDown() {
        cs.close();
        gateway.close();
    }

    @Test
    void allowedRunsTheActionAndReportsStartedThenSucceededWithTheIntentHash() throws Exception {
        script(Replies.pending("i-1", "PENDING_REVIEW"), Replies.allowed("i-1"));

        String result = cs.guard(Replies.intent(), () -> "rows:" + runs.incrementAndGet());

        assertThat(result).isEqualTo("rows:1");
        assertThat(runs).hasValue(1);
        List<FakeGateway.Recorded> reports = gateway.requests("POST", "/v1/intents/i-1/execution");
        assertThat(reports.stream().map(r -> r.json().get("status").asText()).collect(Collectors.toList()))
                .containsExactly("STARTED", "SUCCEEDED");
        assertThat(reports).allSatisfy(r -> assertThat(r.json().get("executedHash").asText()).isEqualTo(Replies.HASH));
    }

    @Test
    void failingActionIsReportedWithItsClassNameOnlyAndRethrown() {
        script(Replies.allowed("i-1"));
        IllegalStateException boom = new IllegalStateException("row 7: ssn=123-45-6789");

        assertThatThrownBy(() -> cs.guard(Replies.intent(), Duration.ofSeconds(5), () -> {
            runs.incrementAndGet();
            throw boom;
        })).isSameAs(boom);

        List<FakeGateway.Recorded> reports = gateway.requests("POST", "/v1/intents/i-1/execution");
        assertThat(reports).hasSize(2);
        FakeGateway.Recorded failed = reports.get(1);
        assertThat(failed.json().get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.json().get("detail").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(failed.json().get("executedHash").asText()).isEqualTo(Replies.HASH);
        assertThat(failed.body).doesNotContain("123-45-6789");
    }

    @Test
    void checkedExceptionsAreRethrownUnchanged() {
        script(Replies.allowed("i-1"));
        IOException io = new IOException("disk full");

        assertThatThrownBy(() -> cs.guard(Replies.intent(), () -> {
            throw io;
        })).isSameAs(io);
    }

    @Test
    void deniedByApproverThrowsNamingWhoAndWhyAndNeverRunsTheAction() {
        script(Replies.deniedByApprover("i-1"));

        assertThatThrownBy(() -> cs.guard(Replies.intent(), () -> runs.incrementAndGet()))
                .isInstanceOfSatisfying(IntentDeniedException.class, e -> {
                    assertThat(e.getMessage()).contains("db.export", "i-1", "denied by approvers",
                            "user:bob@example.com", "DENY", "no contract with this partner", "pii-external-review");
                    assertThat(e.verdict().outcome()).isEqualTo(Verdict.Outcome.DENIED);
                    assertThat(e.verdict().decisions().get(0).approver()).isEqualTo("user:bob@example.com");
                    assertThat(e.intentId()).isEqualTo("i-1");
                });

        assertThat(runs).hasValue(0);
        assertThat(gateway.requests("POST", "/v1/intents/i-1/execution")).isEmpty();
    }

    @Test
    void deniedByPolicyNamesTheRuleAndMessage() {
        script(Replies.deniedByPolicy("i-1"));

        assertThatThrownBy(() -> cs.guard(Replies.intent(), () -> runs.incrementAndGet()))
                .isInstanceOf(IntentDeniedException.class)
                .hasMessageContaining("denied by policy")
                .hasMessageContaining("no-prod-drop")
                .hasMessageContaining("dropping prod tables is never allowed");
        assertThat(runs).hasValue(0);
    }

    @Test
    void expiredIsADenial() {
        script(Replies.pending("i-1", "EXPIRED"));

        assertThatThrownBy(() -> cs.guard(Replies.intent(), () -> runs.incrementAndGet()))
                .isInstanceOf(IntentDeniedException.class).hasMessageContaining("expired");
        assertThat(runs).hasValue(0);
    }

    @Test
    void timeoutNeverRunsTheAction() {
        script(Replies.pending("i-1", "PENDING_REVIEW"));

        assertThatThrownBy(() -> cs.guard(Replies.intent(), Duration.ofMillis(200), () -> runs.incrementAndGet()))
                .isInstanceOf(VerdictTimeoutException.class);
        assertThat(runs).hasValue(0);
        assertThat(gateway.requests("POST", "/v1/intents/i-1/execution")).isEmpty();
    }

    @Test
    void actionDoesNotRunWhenStartedCannotBeRecorded() {
        gateway.on("POST /v1/intents", Replies.accepted("i-2"))
                .on("GET /v1/intents/i-2", Replies.allowed("i-2"))
                .on("POST /v1/intents/i-2/execution", FakeGateway.error(403, "forbidden", "not your intent", null));

        assertThatThrownBy(() -> cs.guard(Replies.intent(), () -> runs.incrementAndGet()))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(runs).hasValue(0);
    }
}
