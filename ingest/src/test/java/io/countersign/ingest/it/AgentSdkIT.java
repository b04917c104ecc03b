package io.countersign.ingest.it;

import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.ingest.IngestConfig;
import io.countersign.ingest.IngestGateway;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.ExecutionReport;
import io.countersign.sdk.Countersign;
import io.countersign.sdk.Intent;
import io.countersign.sdk.IntentDeniedException;
import io.countersign.sdk.IntentHandle;
import io.countersign.sdk.Status;
import io.countersign.sdk.Verdict;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static io.countersign.ingest.it.GatewayFixture.AGENT_KEY;
import static io.countersign.ingest.it.GatewayFixture.STEWARD_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Java SDK against the real gateway and decision pipeline: two lines to a guarded action, reviews
 * that wait for a human, denials that never run the action, and a verdict that still arrives when the
 * gateway restarts while the SDK is waiting.
 */
@WithCountersignStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentSdkIT {

    private GatewayFixture fixture;
    private IngestGateway gateway;
    private Countersign sdk;

    @BeforeAll
    void start(Endpoints endpoints) throws Exception {
        fixture = new GatewayFixture(endpoints);
        fixture.startPipeline();
        gateway = fixture.gateway(0, IngestConfig.DEFAULTS);
        sdk = Countersign.builder().baseUrl(gateway.url()).apiKey(AGENT_KEY).initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofSeconds(1)).maxRetries(30).build();
        fixture.send(gateway.url(), "PUT", "/v1/datasets/" + IngestGatewayIT.enc("pg://crm/customers") + "/labels", STEWARD_KEY,
                "{\"labels\": [\"PII\"]}", Map.of());
        fixture.send(gateway.url(), "PUT", "/v1/datasets/" + IngestGatewayIT.enc("vault://prod/keys") + "/labels", STEWARD_KEY,
                "{\"labels\": [\"SECRET\"]}", Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        sdk.close();
        fixture.close();
    }

    private static Intent.Builder intent(String action, String target) {
        return Intent.action(action).principal("user:alice@example.com").target(target).reason("sdk it").framework("it");
    }

    @Test
    void guardRunsAnAllowedActionAndReportsItsExecutionWithTheApprovedHash() throws Exception {
        long before = fixture.count(Topics.EXECUTIONS.name());
        String result = sdk.guard(intent("db.read", "pg://web/pages").build(), Duration.ofSeconds(30), () -> "42 rows");
        assertThat(result).isEqualTo("42 rows");
        List<ExecutionReport> reports = executions(before + 2);
        assertThat(reports).extracting(r -> r.getStatus().name()).containsExactly("STARTED", "SUCCEEDED");
        assertThat(reports.get(0).getExecutedHash()).hasSize(64).isEqualTo(reports.get(1).getExecutedHash());
    }

    @Test
    void aDeniedIntentNeverRunsTheActionAndSaysWhy() {
        AtomicInteger ran = new AtomicInteger();
        assertThatThrownBy(() -> sdk.guard(intent("db.export", "vault://prod/keys").destination("s3://partner/x", true).build(),
                Duration.ofSeconds(30), ran::incrementAndGet))
                .isInstanceOf(IntentDeniedException.class).hasMessageContaining("secret-out");
        assertThat(ran).hasValue(0);
    }

    @Test
    void aReviewWaitsForAHumanAndTheVerdictSurvivesAGatewayRestart() throws Exception {
        IngestGateway second = fixture.gateway(0, IngestConfig.DEFAULTS);
        int port = second.url().getPort();
        try (Countersign client = Countersign.builder().baseUrl(second.url()).apiKey(AGENT_KEY).initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofSeconds(1)).maxRetries(60).build()) {
            IntentHandle handle = client.submit(intent("db.export", "pg://crm/customers").destination("s3://partner/q3.csv", true)
                    .idempotencyKey("sdk-" + UUID.randomUUID()).build());
            await().atMost(Duration.ofSeconds(20)).until(() -> handle.status() == Status.PENDING_REVIEW);
            CompletableFuture<Verdict> waiting = CompletableFuture.supplyAsync(() -> handle.awaitVerdict(Duration.ofSeconds(60)));
            second.close();
            fixture.decide(handle.intentId(), fixture.requestHash(handle.intentId()), "user:carol@example.com", DecisionKind.APPROVE);
            fixture.gateway(port, IngestConfig.DEFAULTS);
            Verdict verdict = waiting.get();
            assertThat(verdict.isAllowed()).isTrue();
            assertThat(verdict.decidedBy().name()).isEqualTo("APPROVERS");
            assertThat(verdict.decisions()).extracting(d -> d.approver()).containsExactly("user:carol@example.com");
        }
    }

    private List<ExecutionReport> executions(long atLeast) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.count(Topics.EXECUTIONS.name()) >= atLeast);
        var props = fixture.kafka.clientProperties(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "sdk-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        List<ExecutionReport> out = new ArrayList<>();
        try (KafkaConsumer<String, ExecutionReport> c = new KafkaConsumer<>(props, new StringDeserializer(),
                Topics.EXECUTIONS.valueSerde(fixture.registry).deserializer())) {
            c.subscribe(List.of(Topics.EXECUTIONS.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (out.size() < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, ExecutionReport> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
        }
        // The guarded intent is the one with a STARTED report (other tests report only outcomes).
        String guarded = out.stream().filter(r -> r.getStatus().name().equals("STARTED")).map(r -> r.getIntentId().toString())
                .findFirst().orElseThrow();
        return out.stream().filter(r -> r.getIntentId().equals(guarded)).toList();
    }
}
