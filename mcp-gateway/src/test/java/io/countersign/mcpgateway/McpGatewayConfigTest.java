package io.countersign.mcpgateway;

import io.countersign.config.ConfigException;
import io.countersign.config.ConfigLoader;
import io.countersign.config.EnvSubstitution;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mcp-gateway section's upstream servers: stdio or Streamable HTTP, header values from the environment and never printed. */
class McpGatewayConfigTest {

    private static McpGatewayConfig parse(String servers, Map<String, String> env) {
        String yaml = "mcp-gateway:\n  principal: user:alice@example.com\n  servers:\n" + servers;
        return ConfigLoader.parse(yaml, "test.yaml", new EnvSubstitution(env::get))
                .section("mcp-gateway", McpGatewayConfig.class, McpGatewayConfig.DEFAULTS);
    }

    @Test
    void aUrlServerTakesItsHeaderValuesFromTheEnvironmentAndNeverPrintsThem() {
        McpGatewayConfig config = parse("""
                    - name: tickets
                      url: http://127.0.0.1:3001/mcp
                      headers: {Authorization: "Bearer ${TICKETS_TOKEN}"}
                    - name: fs
                      command: node
                      env: {API_TOKEN: "${TICKETS_TOKEN}"}
                """, Map.of("TICKETS_TOKEN", "s3cr3t-value"));

        McpGatewayConfig.Upstream tickets = config.servers().get(0);
        assertThat(tickets.url()).isEqualTo("http://127.0.0.1:3001/mcp");
        assertThat(tickets.command()).isNull();
        assertThat(tickets.headers()).containsEntry("Authorization", "Bearer s3cr3t-value");
        assertThat(tickets.toString()).contains("tickets", "http://127.0.0.1:3001/mcp", "Authorization").doesNotContain("s3cr3t");
        assertThat(config.servers().get(1).toString()).contains("API_TOKEN").doesNotContain("s3cr3t");
    }

    @Test
    void aServerNeedsExactlyOneOfCommandAndUrl() {
        assertThatThrownBy(() -> parse("    - {name: both, command: node, url: 'http://127.0.0.1:1/mcp'}\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("exactly one of command").hasMessageContaining("url");
        assertThatThrownBy(() -> parse("    - {name: neither}\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("exactly one of command");
    }

    @Test
    void badUrlsAndHeadersAreRefusedAtLoad() {
        assertThatThrownBy(() -> parse("    - {name: ftp, url: 'ftp://127.0.0.1/mcp'}\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http(s) MCP endpoint");
        assertThatThrownBy(() -> parse("    - {name: h, url: 'http://127.0.0.1:1/mcp', headers: {Host: evil}}\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Host is not a header name the gateway may set");
        assertThatThrownBy(() -> parse("    - {name: h, url: 'http://127.0.0.1:1/mcp', headers: {X-A: \"a\\r\\nX-B: b\"}}\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("one line");
        assertThatThrownBy(() -> parse("    - {name: s, command: node, headers: {X-A: a}}\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("apply to a url server only");
    }
}
