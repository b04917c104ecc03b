package io.countersign.mcpgateway.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What a tool call is as an action intent: the action, the datasets it touches, where it sends data, its
 * arguments as parameters (the pipeline masks them as usual) and the reason. Built by {@link #of} from the
 * call and the tool's {@link ToolRule}; pure, so the mapping is tested without MCP or Kafka.
 */
public record ToolIntent(String action, List<String> targets, String destination, boolean external, Map<String, Object> parameters,
                         String reason) {

    private static final int MAX_REASON = 1_000;

    /** The intent of {@code call} under {@code rule} ({@link ToolRule#DEFAULT} for an unmapped tool). */
    public static ToolIntent of(ToolCall call, ToolRule rule) {
        String action = rule.action() != null ? rule.action() : "mcp." + actionPart(call.server()) + "." + actionPart(call.tool());
        LinkedHashSet<String> targets = new LinkedHashSet<>();
        for (ToolRule.ArgumentUri t : rule.targets()) {
            values(call.arguments(), t.argument()).forEach(v -> targets.add(t.uri().replace("{}", v)));
        }
        if (targets.isEmpty()) {
            // A tool touching no mapped dataset is still something: the tool itself, so policy and usage see it.
            targets.add("mcp://" + call.server() + "/" + call.tool());
        }
        String destination = rule.destination() == null ? null
                : values(call.arguments(), rule.destination().argument()).stream().findFirst()
                .map(v -> rule.destination().uri().replace("{}", v)).orElse(null);
        String reason = text(rule.reasonArgument() == null ? null : call.arguments().get(rule.reasonArgument()));
        if (reason == null) {
            reason = text(call.meta().get("reason"));
        }
        if (reason == null) {
            reason = "MCP tools/call " + call.tool() + " on " + call.server();
        }
        return new ToolIntent(action, List.copyOf(targets), destination, rule.external(), call.arguments(),
                reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason);
    }

    /**
     * {@code name} as one part of an action name, which is lower-case letters, digits, '_' and '-'
     * ({@code read_text_file} stays, {@code getWeather} becomes {@code getweather}, {@code a.b/c} becomes {@code a-b-c}).
     */
    public static String actionPart(String name) {
        String part = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
        return part.isEmpty() || !Character.isLetterOrDigit(part.charAt(0)) ? "x" + part : part;
    }

    /** The action of every gated {@code resources/read}. */
    public static final String RESOURCE_READ = "mcp.resource.read";

    /**
     * The intent of reading resource {@code uri} from {@code server}: action {@value #RESOURCE_READ}, the URI as the
     * target (so the data an agent reads through MCP shows up in usage and lineage), the reason from {@code _meta.reason}.
     */
    public static ToolIntent ofResourceRead(String server, String uri, Map<String, Object> meta) {
        String reason = text(meta == null ? null : meta.get("reason"));
        if (reason == null) {
            reason = "MCP resources/read on " + server;
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("server", server);
        parameters.put("uri", uri);
        return new ToolIntent(RESOURCE_READ, List.of(uri), null, false, Collections.unmodifiableMap(parameters),
                reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason);
    }

    /** The string values at a dotted {@code path} ({@code source.table}); a list contributes each of its strings. */
    static List<String> values(Map<String, Object> arguments, String path) {
        Object node = arguments;
        for (String part : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return List.of();
            }
            node = map.get(part);
        }
        List<String> out = new ArrayList<>();
        if (node instanceof List<?> list) {
            list.stream().filter(String.class::isInstance).map(String.class::cast).filter(s -> !s.isBlank()).forEach(out::add);
        } else if (node instanceof String s && !s.isBlank()) {
            out.add(s);
        }
        return out;
    }

    private static String text(Object v) {
        return v instanceof String s && !s.isBlank() ? s.strip() : null;
    }
}
