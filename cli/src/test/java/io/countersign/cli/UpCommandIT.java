package io.countersign.cli;

import io.countersign.contracts.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code countersign up --once} as a user would — in its own JVM, on the system class path — on
 * free ports, and checks that it brings up the real stack, provisions it, reports every endpoint, and
 * stops without leaving a child process behind.
 */
class UpCommandIT {

    @Test
    void upStartsTheStackPrintsEndpointsAndStopsCleanly(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("up.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process up = new ProcessBuilder(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "io.countersign.cli.CountersignCli", "up", "--once", "--data-dir", data.toString(),
                "--kafka-port", "0", "--registry-port", "0", "--opensearch-port", "0", "--ingest-port", "0", "--dashboards-port", "0"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();

        boolean exited = up.waitFor(4, TimeUnit.MINUTES);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (!exited) {
            up.descendants().forEach(ProcessHandle::destroyForcibly);
            up.destroyForcibly();
        }
        assertThat(exited).as("up --once finished; output:%n%s", output).isTrue();
        assertThat(up.exitValue()).as(output).isZero();
        assertThat(output).containsPattern("Kafka bootstrap: +127\\.0\\.0\\.1:\\d+")
                .containsPattern("Schema registry: +http://127\\.0\\.0\\.1:\\d+/apis/ccompat/v7")
                .containsPattern("OpenSearch: +http://127\\.0\\.0\\.1:\\d+")
                .contains(Topics.ALL.size() + " in the catalogue, " + Topics.ALL.size() + " created")
                .contains(Topics.ALL.size() + " value schemas registered")
                .containsPattern("decision pipeline running \\(policy classpath:/policy/default-policy.yaml, 7 rules, version [0-9a-f]{12}\\)")
                .contains("demo-directory.yaml (demo directory: configure your own)")
                .containsPattern("ingest: +http://127\\.0\\.0\\.1:\\d+ \\(API: http://127\\.0\\.0\\.1:\\d+/openapi.json\\); demo API keys in .*demo-credentials.properties")
                .contains("slack:     disabled")
                .contains("teams:     disabled")
                .containsPattern("mcp: +MCP gateway config .* in .*mcp-gateway.yaml; in an MCP client:")
                .contains("\"args\": [\"mcp-gateway\", \"--config\", ")
                .containsPattern("index: +lineage-index job on a Flink MiniCluster")
                .containsPattern("dashboards: http://127\\.0\\.0\\.1:\\d+/ \\(user auditor, password in .*dashboard-credentials.properties\\)")
                .contains("Stopped (--once).");
        assertThat(up.descendants().filter(ProcessHandle::isAlive)).as("no orphan child process").isEmpty();
        assertThat(data).isDirectoryContaining(p -> Files.isDirectory(p));
        assertThat(data.resolve("keys/audit-signing-key.pem")).as("the audit signing key is kept with the data").exists();
        assertThat(data.resolve("streams")).as("Streams state is kept with the data").isDirectory();
        assertThat(Files.readString(data.resolve("api-keys.yaml"))).as("only key hashes are kept in the keys file")
                .contains("sha256:").doesNotContain("cs_");
        assertThat(Files.readString(data.resolve("demo-credentials.properties"))).containsPattern("agent.key=cs_[A-Za-z0-9_-]{43}");
        assertThat(Files.readString(data.resolve("dashboard-users.yaml"))).as("only password hashes in the users file")
                .contains("pbkdf2-sha256$600000$").contains("auditor");
        assertThat(Files.readString(data.resolve("dashboard-credentials.properties"))).containsPattern("password=[A-Za-z0-9]{20}");
        var mcp = io.countersign.config.ConfigLoader.load(data.resolve("mcp-gateway.yaml"), new io.countersign.config.EnvSubstitution(k -> null))
                .section("mcp-gateway", io.countersign.mcpgateway.McpGatewayConfig.class, io.countersign.mcpgateway.McpGatewayConfig.DEFAULTS);
        assertThat(mcp.apiKey()).as("the demo agent's key").startsWith("cs_");
        assertThat(mcp.servers()).singleElement().satisfies(server -> assertThat(server.args()).last().asString().endsWith("mcp-demo"));
        assertThat(Files.getPosixFilePermissions(data.resolve("mcp-gateway.yaml")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(data.resolve("dashboard-credentials.properties")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
}
