package io.countersign.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.config.ConfigLoader;
import io.countersign.config.EnvSubstitution;
import io.countersign.config.KafkaSettings;
import io.countersign.config.OpenSearchSettings;
import io.countersign.config.RegistrySettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this checks it the way `docker compose config`
 * would, plus what Countersign's code expects: every service present, the ports the code uses, healthy
 * dependencies, and the image's config resolving to the compose hostnames.
 */
class DockerComposeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static JsonNode compose;

    @BeforeAll
    static void parse() throws Exception {
        // SnakeYAML resolves anchors and merge keys (<<: *countersign) as Compose does; Jackson's YAML parser does not.
        Object yaml = new org.yaml.snakeyaml.Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        compose = new ObjectMapper().valueToTree(yaml);
    }

    private static JsonNode service(String name) {
        JsonNode s = compose.path("services").path(name);
        assertThat(s.isMissingNode()).as("service %s", name).isFalse();
        return s;
    }

    private static List<String> ports(String name) {
        List<String> out = new ArrayList<>();
        service(name).path("ports").forEach(p -> out.add(p.asText()));
        return out;
    }

    @Test
    void everyServiceTheArchitectureNeedsIsThere() {
        List<String> names = new ArrayList<>();
        compose.path("services").fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("kafka", "schema-registry", "opensearch", "opensearch-dashboards",
                "flink-jobmanager", "flink-taskmanager", "countersign-init", "lineage-index-submit", "countersign-dashboards",
                "countersign-pipeline-1", "countersign-pipeline-2", "countersign-gateway-1", "countersign-gateway-2", "countersign-approval-bot",
                "countersign-teams-bot");
    }

    @Test
    void everyCountersignServiceRunsACommandTheCliHas() {
        List<String> checked = new ArrayList<>();
        compose.path("services").fields().forEachRemaining(e -> {
            if (!e.getValue().path("image").asText().startsWith("countersign:")) {
                return;
            }
            picocli.CommandLine command = CountersignCli.commandLine();
            JsonNode words = e.getValue().path("command");
            assertThat(words.size()).as(e.getKey()).isPositive();
            List<String> args = new ArrayList<>();
            words.forEach(w -> args.add(w.asText()));
            for (String word : args.stream().takeWhile(w -> !w.startsWith("-")).toList()) {
                command = command.getSubcommands().get(word);
                assertThat(command).as("%s runs `countersign %s`", e.getKey(), words).isNotNull();
            }
            // Its options too: the whole command line parses as the CLI would parse it.
            assertThatCode(() -> CountersignCli.commandLine().parseArgs(args.toArray(String[]::new)))
                    .as("%s runs `countersign %s`", e.getKey(), words).doesNotThrowAnyException();
            checked.add(e.getKey());
        });
        assertThat(checked).contains("countersign-pipeline-1", "countersign-pipeline-2", "countersign-gateway-1", "countersign-gateway-2",
                "countersign-approval-bot", "countersign-teams-bot", "countersign-init", "countersign-dashboards", "lineage-index-submit");
    }

    @Test
    void longRunningServicesHaveHealthchecksOnTheirReadinessEndpointAndWaitForHealthyDependencies() {
        for (String name : List.of("countersign-pipeline-1", "countersign-pipeline-2", "countersign-gateway-1", "countersign-gateway-2",
                "countersign-approval-bot", "countersign-teams-bot")) {
            assertThat(service(name).path("healthcheck").path("test").toString()).as(name).contains("/healthz/ready");
            JsonNode deps = service(name).path("depends_on");
            deps.forEach(d -> assertThat(d.path("condition").asText()).as(name).isIn("service_healthy", "service_completed_successfully"));
            assertThat(deps.size()).as(name).isPositive();
        }
        assertThat(service("countersign-pipeline-1").path("healthcheck").path("test").toString()).contains(":8089/");
    }

    @Test
    void imagesArePinnedAndConfluentForKafkaAndRegistry() {
        assertThat(service("kafka").path("image").asText()).startsWith("confluentinc/cp-kafka:").doesNotEndWith(":latest");
        assertThat(service("schema-registry").path("image").asText()).startsWith("confluentinc/cp-schema-registry:");
        assertThat(service("opensearch").path("image").asText()).isEqualTo("opensearchproject/opensearch:2.19.1");
        assertThat(service("flink-jobmanager").path("image").asText()).startsWith("flink:2.2");
    }

    @Test
    void portsMatchTheDefaultsTheCodeUsesAndStayOnLoopback() {
        assertThat(ports("kafka")).contains("127.0.0.1:9092:9092");
        assertThat(ports("schema-registry")).contains("127.0.0.1:8081:8081");
        assertThat(ports("opensearch")).contains("127.0.0.1:9200:9200");
        compose.path("services").forEach(s -> s.path("ports").forEach(p -> assertThat(p.asText()).startsWith("127.0.0.1:")));
    }

    @Test
    void kraftKafkaIsSetUpForExactlyOnceOnOneBroker() {
        JsonNode env = service("kafka").path("environment");
        assertThat(env.path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(env.path("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asInt()).isEqualTo(1);
        assertThat(env.path("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR").asInt()).isEqualTo(1);
        assertThat(env.path("KAFKA_ADVERTISED_LISTENERS").asText()).contains("kafka:29092");
    }

    @Test
    void dependenciesWaitForHealthyInfrastructure() {
        Map<String, String> deps = new HashMap<>();
        service("countersign-init").path("depends_on").fields().forEachRemaining(e -> deps.put(e.getKey(), e.getValue().path("condition").asText()));
        assertThat(deps).containsEntry("kafka", "service_healthy").containsEntry("schema-registry", "service_healthy");
        assertThat(service("schema-registry").path("depends_on").path("kafka").path("condition").asText()).isEqualTo("service_healthy");
        for (String withHealth : List.of("kafka", "schema-registry", "opensearch")) {
            assertThat(service(withHealth).path("healthcheck").path("test").isMissingNode()).as(withHealth).isFalse();
        }
        assertThat(service("countersign-init").path("command").get(0).asText()).isEqualTo("init");
    }

    @Test
    void imageConfigResolvesToComposeHostnamesAndFileExists() throws Exception {
        assertThat(ROOT.resolve("deploy/Dockerfile")).exists();
        JsonNode env = compose.path("x-countersign").path("environment");
        Map<String, String> vars = new HashMap<>();
        env.fields().forEachRemaining(e -> vars.put(e.getKey(), e.getValue().asText()));
        ConfigLoader cfg = ConfigLoader.parse(Files.readString(ROOT.resolve("deploy/countersign-docker.yaml")), "docker", new EnvSubstitution(vars::get));

        String kafka = cfg.section("kafka", KafkaSettings.class, KafkaSettings.DEFAULTS).bootstrapServers();
        String registry = cfg.section("registry", RegistrySettings.class, RegistrySettings.DEFAULTS).url();
        String opensearch = cfg.section("opensearch", OpenSearchSettings.class, OpenSearchSettings.DEFAULTS).url();

        assertThat(kafka).isEqualTo("kafka:29092");
        assertThat(service("kafka").path("environment").path("KAFKA_LISTENERS").asText()).contains(":29092");
        assertThat(registry).isEqualTo("http://schema-registry:8081");
        assertThat(opensearch).isEqualTo("http://opensearch:9200");
        var dashboards = cfg.section("dashboards", io.countersign.dashboards.DashboardsConfig.class, io.countersign.dashboards.DashboardsConfig.DEFAULTS);
        assertThat(dashboards.host()).isEqualTo("0.0.0.0");
        assertThat(ports("countersign-dashboards")).containsExactly("127.0.0.1:" + dashboards.port() + ":" + dashboards.port());
        assertThat(service("countersign-dashboards").path("volumes").get(0).asText()).endsWith(":" + dashboards.usersFile() + ":ro");
        var teams = cfg.section("teams-bot", io.countersign.teamsbot.TeamsBotConfig.class, io.countersign.teamsbot.TeamsBotConfig.DEFAULTS);
        assertThat(teams.teamsEnabled()).as("Teams stays off until TEAMS_APP_ID is set").isFalse();
        assertThat(ports("countersign-teams-bot")).containsExactly("127.0.0.1:" + teams.port() + ":" + teams.port());
        assertThat(service("countersign-teams-bot").path("volumes").get(0).asText()).endsWith(":" + teams.stateDir());
    }

    @Test
    void exampleConfigBindsToEveryKnownSection() throws Exception {
        ConfigLoader cfg = ConfigLoader.load(ROOT.resolve("countersign.example.yaml"), new EnvSubstitution(k -> null));
        assertThat(cfg.section("kafka", KafkaSettings.class, KafkaSettings.DEFAULTS).bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(cfg.section("embedded", EmbeddedSettings.class, EmbeddedSettings.DEFAULTS)).isEqualTo(EmbeddedSettings.DEFAULTS);
        assertThat(cfg.section("stream-processors", io.countersign.processors.StreamProcessorsConfig.class,
                io.countersign.processors.StreamProcessorsConfig.DEFAULTS))
                .isEqualTo(io.countersign.processors.StreamProcessorsConfig.DEFAULTS);
        assertThat(cfg.section("ingest", io.countersign.ingest.IngestConfig.class, io.countersign.ingest.IngestConfig.DEFAULTS))
                .isEqualTo(io.countersign.ingest.IngestConfig.DEFAULTS);
        assertThat(cfg.section("approval-bot", io.countersign.approvalbot.ApprovalBotConfig.class,
                io.countersign.approvalbot.ApprovalBotConfig.DEFAULTS)).isEqualTo(io.countersign.approvalbot.ApprovalBotConfig.DEFAULTS);
        assertThat(cfg.section("blastRadius", io.countersign.approvals.opensearch.BlastRadiusConfig.class,
                io.countersign.approvals.opensearch.BlastRadiusConfig.NONE)).isEqualTo(io.countersign.approvals.opensearch.BlastRadiusConfig.NONE);
        assertThat(cfg.section("teams-bot", io.countersign.teamsbot.TeamsBotConfig.class, io.countersign.teamsbot.TeamsBotConfig.DEFAULTS))
                .isEqualTo(io.countersign.teamsbot.TeamsBotConfig.DEFAULTS);
        assertThat(cfg.section("mcp-gateway", io.countersign.mcpgateway.McpGatewayConfig.class,
                io.countersign.mcpgateway.McpGatewayConfig.DEFAULTS)).isEqualTo(io.countersign.mcpgateway.McpGatewayConfig.DEFAULTS);
        assertThat(cfg.section("dashboards", io.countersign.dashboards.DashboardsConfig.class, io.countersign.dashboards.DashboardsConfig.DEFAULTS))
                .isEqualTo(io.countersign.dashboards.DashboardsConfig.DEFAULTS);
    }
}
