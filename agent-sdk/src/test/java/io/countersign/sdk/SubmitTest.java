package io.countersign.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SubmitTest extends ClientOnFakeGateway {

    @Test
    void submitSendsTheIntentAsJsonWithBearerAndIdempotencyKey() throws Exception {
        gateway.on("POST /v1/intents", Replies.accepted("i-1"));
        Intent intent = Intent.action("db.export")
                .principal("user:alice@example.com")
                .delegationChain("user:alice@example.com", "agent:exporter")
                .target("pg://crm/customers")
                .destination("s3://partner/x.csv", true)
                .parameter("format", "csv")
                .reason("quarterly report").environment("prod").framework("langgraph").model("gpt-5")
                .idempotencyKey("optional-client-key")
                .build();

        IntentHandle handle = cs.submit(intent);

        assertThat(handle.intentId()).isEqualTo("i-1");
        FakeGateway.Recorded request = gateway.requests().get(0);
        assertThat(request.toString()).isEqualTo("POST /v1/intents");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + Replies.API_KEY);
        assertThat(request.header("Accept")).isEqualTo("application/json");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(request.header("Idempotency-Key")).isEqualTo("optional-client-key");
        JsonNode expected = FakeGateway.JSON.readTree("{\"action\": \"db.export\", \"principal\": \"user:alice@example.com\","
                + " \"delegationChain\": [\"user:alice@example.com\", \"agent:exporter\"],"
                + " \"targets\": [\"pg://crm/customers\"],"
                + " \"destination\": {\"uri\": \"s3://partner/x.csv\", \"external\": true},"
                + " \"parameters\": {\"format\": \"csv\"}, \"reason\": \"quarterly report\", \"environment\": \"prod\","
                + " \"framework\": \"langgraph\", \"model\": \"gpt-5\", \"idempotencyKey\": \"optional-client-key\"}");
        assertThat(request.json()).isEqualTo(expected);
    }

    @Test
    void minimalIntentOmitsAbsentFieldsAndCarriesTheGeneratedKeyInHeaderAndBody() {
        gateway.on("POST /v1/intents", Replies.accepted("i-2"));
        Intent intent = Replies.intent();

        cs.submit(intent);

        FakeGateway.Recorded request = gateway.requests().get(0);
        JsonNode body = request.json();
        List<String> names = fieldNames(body);
        assertThat(names).containsExactlyInAnyOrder("action", "principal", "targets", "idempotencyKey");
        assertThat(body.get("idempotencyKey").asText()).isEqualTo(intent.idempotencyKey());
        assertThat(request.header("Idempotency-Key")).isEqualTo(intent.idempotencyKey());
    }

    @Test
    void statusIsOneGetWithoutWait() {
        gateway.on("GET /v1/intents/i-3", Replies.pending("i-3", "PENDING_REVIEW"));

        assertThat(cs.handle("i-3").status()).isEqualTo(Status.PENDING_REVIEW);

        assertThat(gateway.requests()).hasSize(1);
        assertThat(gateway.requests().get(0).query).isNull();
    }

    @Test
    void reportExecutionPostsTheReport() throws Exception {
        gateway.on("POST /v1/intents/i-4/execution", Replies.executionAccepted("i-4"));

        cs.reportExecution("i-4", ExecutionStatus.SUCCEEDED, Replies.HASH, List.of("s3://partner/x.csv"), 42L, "done");

        FakeGateway.Recorded request = gateway.requests().get(0);
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + Replies.API_KEY);
        assertThat(request.json()).isEqualTo(FakeGateway.JSON.readTree("{\"status\": \"SUCCEEDED\", \"executedHash\": \""
                + Replies.HASH + "\", \"outputDatasets\": [\"s3://partner/x.csv\"], \"rowsAffected\": 42, \"detail\": \"done\"}"));
    }

    @Test
    void keepsAPathPrefixOfTheBaseUrl() {
        gateway.on("POST /gw/v1/intents", Replies.accepted("i-5"));
        try (Countersign prefixed = Replies.client(URI.create(gateway.uri() + "/gw"))) {
            assertThat(prefixed.submit(Replies.intent()).intentId()).isEqualTo("i-5");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
