package io.countersign.mcpgateway.domain;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * How calls of one tool read as an action intent: the action (null: {@code mcp.<server>.<tool>}), which
 * arguments name the datasets it touches and where it sends data (each through a URI template, so labels and
 * lineage apply), whether that destination is outside the organisation, and which argument carries the reason.
 */
public record ToolRule(@JsonProperty("action") String action,
                       @JsonProperty("targets") List<ArgumentUri> targets,
                       @JsonProperty("destination") ArgumentUri destination,
                       @JsonProperty("external") Boolean external,
                       @JsonProperty("reasonArgument") String reasonArgument) {

    /** An argument (a dotted path into the arguments) and the URI template its value fills ({@code {}}). */
    public record ArgumentUri(@JsonProperty("argument") String argument, @JsonProperty("uri") String uri) {
        public ArgumentUri {
            if (argument == null || argument.isBlank()) {
                throw new IllegalArgumentException("a target needs the argument that names it");
            }
            uri = uri == null || uri.isBlank() ? "{}" : uri;
            if (!uri.contains("{}")) {
                throw new IllegalArgumentException("the URI template of argument " + argument + " must contain {} for its value");
            }
        }
    }

    public static final ToolRule DEFAULT = new ToolRule(null, List.of(), null, false, null);

    public ToolRule {
        targets = targets == null ? List.of() : List.copyOf(targets);
        external = external != null && external;
    }
}
