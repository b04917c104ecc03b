package io.countersign.cli;

import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.ingest.adapter.out.ApiKeysFile;
import io.countersign.ingest.domain.ApiKeys;
import io.countersign.sdk.Countersign;
import io.countersign.sdk.Intent;
import io.countersign.sdk.Verdict;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the deployables as a platform team would: {@code countersign pipeline} twice (one application id,
 * separate state directories) and {@code countersign gateway}, each in its own JVM with one shared
 * {@code --config} file, against the embedded cluster. Checks readiness, a verdict through the gateway,
 * that {@code kill -9} of one pipeline leaves the other deciding, and that SIGTERM stops the survivors
 * with exit code 0, the gateway answering the long-poll in flight first, and the pipeline's consumer
 * group empty (it left the group instead of timing out).
 */
@WithCountersignStack
class ServiceProcessesIT {

    private final List<ServiceProcess> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void killLeftovers() {
        started.forEach(ServiceProcess::close);
    }

    @Test
    void pipelineAndGatewayRunAsSeparateProcessesShareWorkAndStopCleanly(Endpoints endpoints, @TempDir Path dir) throws Exception {
        CliRun.initialised(endpoints, dir);
        String applicationId = "services-it-" + UUID.randomUUID();
        String agentKey = ApiKeys.generate();
        Path keys = dir.resolve("api-keys.yaml");
        ApiKeysFile.add(keys, new ApiKeysFile.Entry(ApiKeys.hash(agentKey), "agent:services-it", "user:olga@example.com",
                List.of("agent"), null, List.of("user:alice@example.com"), "services-it"));
        // One file for every instance, as in a deployment; what differs per instance comes from the environment.
        Path config = Files.writeString(dir.resolve("services.yaml"), """
                kafka:
                  bootstrapServers: %s
                registry:
                  url: %s
                stream-processors:
                  applicationId: %s
                  keyDir: %s
                  stateDir: ${STATE_DIR}
                  unknownDatasetLabels: [PUBLIC]   # so a read of a fresh dataset is allowed at once
                  http:
                    port: 0
                  streams:
                    consumer.session.timeout.ms: "6000"     # a killed instance's partitions move within seconds
                    consumer.heartbeat.interval.ms: "1500"
                ingest:
                  port: 0
                  apiKeysFile: %s
                """.formatted(endpoints.kafkaBootstrap(), endpoints.registryUrl(), applicationId, dir.resolve("keys"), keys));

        ServiceProcess first = start(dir, "pipeline-1", config, "pipeline");
        ServiceProcess second = start(dir, "pipeline-2", config, "pipeline");
        ServiceProcess gateway = start(dir, "gateway", config, "gateway");
        URI firstHealth = first.awaitReady(Duration.ofMinutes(3));
        URI secondHealth = second.awaitReady(Duration.ofMinutes(3));
        URI gatewayUrl = gateway.awaitReady(Duration.ofMinutes(3));
        assertThat(ServiceProcess.status(firstHealth.resolve("/healthz/live"))).isEqualTo(200);
        assertThat(body(secondHealth.resolve("/metrics"))).contains("kafka_stream_thread");
        assertThat(Files.readString(dir.resolve("pipeline-1.log"))).contains("pipeline application-id=" + applicationId)
                .contains("pipeline bootstrap-servers=" + endpoints.kafkaBootstrap()).containsPattern("pipeline policy-version=[0-9a-f]{12}");

        try (Countersign sdk = Countersign.connect(gatewayUrl, agentKey)) {
            assertThat(decide(sdk, "before").isAllowed()).isTrue();

            first.kill9(); // no goodbye to the group
            for (int i = 0; i < 3; i++) {
                assertThat(decide(sdk, "after-kill-" + i).isAllowed()).as("the surviving instance decides").isTrue();
            }
            assertThat(second.stop(Duration.ofSeconds(60))).as("pipeline exit code").isZero();
            // With no pipeline running this intent gets no verdict, so its long-poll is still waiting when the
            // gateway is told to stop; the stop drains it (answered when its wait ends), it is not cut off.
            String waiting = sdk.submit(Intent.action("db.read").principal("user:alice@example.com").target("pg://services-it/drain")
                    .reason("services IT: in flight at the stop").build()).intentId();
            var inFlight = http.sendAsync(HttpRequest.newBuilder(gatewayUrl.resolve("/v1/intents/" + waiting + "?wait=4s"))
                    .header("Authorization", "Bearer " + agentKey).build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> body(gatewayUrl.resolve("/metrics")).contains("countersign_ingest_long_polls_waiting 1.0"));
            long stopAt = System.nanoTime();
            gateway.process().destroy(); // SIGTERM
            HttpResponse<String> drained = inFlight.get(30, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - stopAt)).as("the long-poll was still waiting at the stop")
                    .isGreaterThan(Duration.ofMillis(500));
            assertThat(drained.statusCode()).as(drained.body()).isEqualTo(200);
            assertThat(drained.body()).contains(waiting);
        }

        assertThat(gateway.stop(Duration.ofSeconds(60))).as(gateway.log()).isZero();
        assertThat(Files.readString(dir.resolve("pipeline-2.log"))).contains("pipeline state=stopped");
        assertThat(Files.readString(dir.resolve("gateway.log"))).contains("gateway state=stopped");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(applicationId)).all().get(30, TimeUnit.SECONDS).get(applicationId);
            // The killed instance's member expired with its session; the stopped one left at once.
            assertThat(group.members()).as("members after the stop").isEmpty();
        }
    }

    @Test
    void aMissingClusterIsOneClearLineAndANonZeroExit(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("nowhere.yaml"), """
                kafka:
                  bootstrapServers: 127.0.0.1:1
                stream-processors:
                  http:
                    port: 0
                """);
        ServiceProcess p = start(dir, "nowhere", config, "pipeline");
        assertThat(p.process().waitFor(90, TimeUnit.SECONDS)).isTrue();
        String log = p.log();
        assertThat(p.process().exitValue()).as(log).isEqualTo(1);
        assertThat(log).contains("countersign pipeline: error: no Kafka broker answers at 127.0.0.1:1")
                .contains("kafka.bootstrapServers").doesNotContain("\tat ");
    }

    private ServiceProcess start(Path dir, String name, Path config, String command) throws IOException {
        ServiceProcess p = ServiceProcess.named(name).command(command).config(config).in(dir).start();
        started.add(p);
        return p;
    }

    private static Verdict decide(Countersign sdk, String tag) {
        return sdk.submit(Intent.action("db.read").principal("user:alice@example.com").target("pg://services-it/" + tag + "-" + UUID.randomUUID())
                .reason("services IT").build()).awaitVerdict(Duration.ofSeconds(90));
    }

    private String body(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
