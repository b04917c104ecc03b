package io.countersign.mcpgateway.domain;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolIntentTest {

    @Test
    void anUnmappedToolIsItsOwnTargetUnderTheDefaultAction() {
        ToolIntent intent = ToolIntent.of(new ToolCall("fs", "list_directory", Map.of("path", "/srv"), Map.of()), ToolRule.DEFAULT);
        assertThat(intent.action()).isEqualTo("mcp.fs.list_directory");
        assertThat(intent.targets()).containsExactly("mcp://fs/list_directory");
        assertThat(intent.reason()).isEqualTo("MCP tools/call list_directory on fs");
        assertThat(intent.parameters()).containsEntry("path", "/srv");
    }

    @Test
    void mappedArgumentsBecomeTargetsAndDestinationAndTheReasonComesFromItsArgumentElseMeta() {
        ToolRule rule = new ToolRule("db.export", List.of(new ToolRule.ArgumentUri("source.table", "pg://crm/{}"),
                new ToolRule.ArgumentUri("also", "pg://crm/{}")), new ToolRule.ArgumentUri("to", "s3://{}"), true, "why");
        Map<String, Object> args = Map.of("source", Map.of("table", "customers"), "also", List.of("orders", "", 7), "to", "partner/q3.csv",
                "why", "Q3 churn");
        ToolIntent intent = ToolIntent.of(new ToolCall("sql", "export", args, Map.of("reason", "ignored")), rule);
        assertThat(intent.action()).isEqualTo("db.export");
        assertThat(intent.targets()).containsExactly("pg://crm/customers", "pg://crm/orders");
        assertThat(intent.destination()).isEqualTo("s3://partner/q3.csv");
        assertThat(intent.external()).isTrue();
        assertThat(intent.reason()).isEqualTo("Q3 churn");
        assertThat(ToolIntent.of(new ToolCall("sql", "export", Map.of(), Map.of("reason", "from meta")), rule).reason()).isEqualTo("from meta");
    }

    @Test
    void theArgumentsAreFrozenSoWhatIsForwardedIsWhatWasSubmitted() {
        Map<String, Object> nested = new HashMap<>(Map.of("k", "v"));
        Map<String, Object> args = new HashMap<>();
        args.put("nested", nested);
        args.put("list", Arrays.asList("a", null));
        ToolCall call = new ToolCall("s", "t", args, null);
        nested.put("k", "changed");
        args.put("added", 1);
        assertThat(call.arguments()).doesNotContainKey("added");
        assertThat(((Map<?, ?>) call.arguments().get("nested")).get("k")).isEqualTo("v");
        assertThat(call.arguments().get("list")).isEqualTo(Arrays.asList("a", null));
        assertThatThrownBy(() -> call.arguments().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toolNamesBecomeValidActionParts() {
        assertThat(ToolIntent.of(new ToolCall("Weather.API", "getWeather", Map.of(), Map.of()), ToolRule.DEFAULT).action())
                .isEqualTo("mcp.weather-api.getweather");
        assertThat(ToolIntent.actionPart("_hidden")).isEqualTo("x_hidden");
    }

    @Test
    void aResourceReadIsActionMcpResourceReadWithTheUriAsItsTarget() {
        ToolIntent read = ToolIntent.ofResourceRead("everything", "demo://resource/static/document/a.md", Map.of("reason", " weekly report "));
        assertThat(read.action()).isEqualTo("mcp.resource.read");
        assertThat(read.targets()).containsExactly("demo://resource/static/document/a.md");
        assertThat(read.reason()).isEqualTo("weekly report");
        assertThat(ToolIntent.ofResourceRead("everything", "demo://x", null).reason()).isEqualTo("MCP resources/read on everything");
    }
}
