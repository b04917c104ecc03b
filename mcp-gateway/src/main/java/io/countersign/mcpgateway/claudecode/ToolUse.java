package io.countersign.mcpgateway.claudecode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.mcpgateway.domain.ToolIntent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Claude Code hook event about a tool use, as the Claude Agent SDK declares it ({@code PreToolUseHookInput},
 * {@code PostToolUseHookInput}, {@code PostToolUseFailureHookInput}: {@code hook_event_name}, {@code tool_name},
 * {@code tool_input}, {@code tool_use_id}, {@code session_id}, …), and the action intent it is: action
 * {@code claude-code.<tool>} in lower case ({@code claude-code.write}; {@code mcp.<server>.<tool>} for an MCP tool {@code mcp__server__tool}, as the MCP
 * gateway names it), targets from the paths and URLs the tool input names ({@code file_path}, {@code path},
 * {@code notebook_path} → {@code file://…}; {@code url} as given), the tool input as parameters (masked by the
 * pipeline), and the reason from the input's {@code description} when the tool has one. Every value is hostile.
 */
public record ToolUse(String event, String tool, String toolUseId, String sessionId, Map<String, Object> input) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PATH_FIELDS = List.of("file_path", "path", "notebook_path");

    /** Reads a hook's input; IllegalArgumentException when it is not a tool-use event. */
    @SuppressWarnings("unchecked")
    public static ToolUse parse(JsonNode in) {
        String event = text(in, "hook_event_name");
        String tool = text(in, "tool_name");
        if (event == null || tool == null || !in.path("tool_input").isObject()) {
            throw new IllegalArgumentException("not a tool-use hook event: hook_event_name, tool_name and tool_input are required");
        }
        return new ToolUse(event, tool, text(in, "tool_use_id"), text(in, "session_id"), JSON.convertValue(in.get("tool_input"), Map.class));
    }

    /** The intent this tool use is. */
    public ToolIntent intent() {
        String action;
        String[] mcp = tool.split("__", 3);
        if (mcp.length == 3 && mcp[0].equals("mcp")) {
            action = "mcp." + ToolIntent.actionPart(mcp[1]) + "." + ToolIntent.actionPart(mcp[2]);
        } else {
            action = "claude-code." + ToolIntent.actionPart(tool);
        }
        Set<String> targets = new LinkedHashSet<>();
        for (String field : PATH_FIELDS) {
            if (input.get(field) instanceof String p && p.startsWith("/")) {
                targets.add("file://" + p);
            }
        }
        if (input.get("url") instanceof String url && !url.isBlank()) {
            targets.add(url);
        }
        if (targets.isEmpty()) {
            targets.add("claude-code://" + tool);
        }
        String reason = input.get("description") instanceof String d && !d.isBlank() ? d : "Claude Code " + tool + " tool use";
        return new ToolIntent(action, new ArrayList<>(targets), null, false, new LinkedHashMap<>(input),
                reason.length() > 1_000 ? reason.substring(0, 1_000) : reason);
    }

    private static String text(JsonNode in, String field) {
        JsonNode v = in.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }
}
