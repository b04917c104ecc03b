package io.countersign.mcpgateway.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code tools/call} as the agent sent it: the upstream server, the tool's name there, its arguments
 * (deep-copied and unmodifiable, so what is forwarded is exactly what was submitted for a verdict) and the
 * call's {@code _meta}. Every value is hostile agent input.
 */
public record ToolCall(String server, String tool, Map<String, Object> arguments, Map<String, Object> meta) {

    public ToolCall {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(tool, "tool");
        arguments = frozen(arguments);
        meta = frozen(meta);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> frozen(Map<String, Object> in) {
        return in == null ? Map.of() : (Map<String, Object>) freeze(in);
    }

    /** An unmodifiable deep copy (nulls kept: the upstream gets exactly what the agent sent). */
    private static Object freeze(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, e) -> out.put(String.valueOf(k), freeze(e)));
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(e -> out.add(freeze(e)));
            return Collections.unmodifiableList(out);
        }
        return v;
    }
}
