package io.countersign.ingest.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.ingest.IngestConfig;
import io.countersign.ingest.IngestGateway;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When Kafka or the schema registry cannot take an intent, the gateway answers 503 with Retry-After and
 * a message saying which — never 202 for an intent that was not written — and reports not ready.
 */
@WithCountersignStack
class IngestUnavailableIT {

    private static final String BODY = IngestGatewayIT.intent("db.read", "pg://web/pages", false, "unavailable-1");
    private static final IngestConfig FAST = new IngestConfig("127.0.0.1", 0, null, null, 1 << 20, 50, 100, 60, 1_000, Map.of(), "prod", 10_000, 15_000,
            null, null, null, null, false);

    private static int deadPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort(); // closed again: nothing listens there
        }
    }

    @Test
    void kafkaDownMeans503AndNotReady(Endpoints endpoints) throws Exception {
        GatewayFixture fixture = new GatewayFixture(endpoints);
        KafkaSettings dead = new KafkaSettings("127.0.0.1:" + deadPort(), Map.of());
        try (IngestGateway gateway = IngestGateway.start(FAST, dead, fixture.registry, fixture.keys, Clock.systemUTC())) {
            HttpResponse<String> r = fixture.post(gateway.url(), "/v1/intents", GatewayFixture.AGENT_KEY, BODY);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(new ObjectMapper().readTree(r.body()).get("message").asText()).contains("Kafka did not acknowledge");
            assertThat(fixture.get(gateway.url(), "/healthz", null).statusCode()).isEqualTo(503);
        } finally {
            fixture.close();
        }
    }

    @Test
    void registryDownMeans503WithNothingWritten(Endpoints endpoints) throws Exception {
        GatewayFixture fixture = new GatewayFixture(endpoints);
        HttpSchemaRegistryClient dead = new HttpSchemaRegistryClient("http://127.0.0.1:" + deadPort() + "/apis/ccompat/v7");
        long before = fixture.count(io.countersign.contracts.topics.Topics.INTENTS.name());
        try (IngestGateway gateway = IngestGateway.start(FAST, fixture.kafka, dead, fixture.keys, Clock.systemUTC())) {
            HttpResponse<String> r = fixture.post(gateway.url(), "/v1/intents", GatewayFixture.AGENT_KEY, BODY);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(new ObjectMapper().readTree(r.body()).get("message").asText()).contains("schema registry is unavailable");
        } finally {
            fixture.close();
        }
        assertThat(fixture.count(io.countersign.contracts.topics.Topics.INTENTS.name())).isEqualTo(before);
    }
}
