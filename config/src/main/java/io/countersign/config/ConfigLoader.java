package io.countersign.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Loads {@code countersign.yaml}: one document with a section per service, expanded with
 * {@link EnvSubstitution} and bound to each service's own typed record.
 *
 * <p>Sections are optional: a missing file or section binds to the record's defaults (every service
 * record supplies them), so {@code countersign up} works with no configuration at all. Unknown keys are
 * rejected with their path, because a misspelt setting silently ignored is how production incidents
 * start — except under maps such as {@code kafka.properties}, which are passed through untouched.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .findAndRegisterModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final ObjectNode root;
    private final String origin;

    private ConfigLoader(ObjectNode root, String origin) {
        this.root = root;
        this.origin = origin;
    }

    /** Loads and expands a YAML file; a {@code null} path means "no file": every section takes its defaults. */
    public static ConfigLoader load(Path file, EnvSubstitution env) {
        if (file == null) {
            return new ConfigLoader(JsonNodeFactory.instance.objectNode(), "defaults");
        }
        if (!Files.isReadable(file)) {
            throw new ConfigException("Config file " + file.toAbsolutePath() + " does not exist or is not readable");
        }
        try {
            return parse(Files.readString(file), file.toString(), env);
        } catch (IOException e) {
            throw new ConfigException("Cannot read config file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Parses YAML text (used by tests and for config carried in environment variables). */
    public static ConfigLoader parse(String yaml, String origin, EnvSubstitution env) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ConfigException(origin + (at == null ? "" : " line " + at.getLineNr())
                    + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            tree = JsonNodeFactory.instance.objectNode();
        }
        if (!tree.isObject()) {
            throw new ConfigException(origin + ": the top level must be a mapping of sections (kafka:, ingest:, ...)");
        }
        return new ConfigLoader((ObjectNode) expand(tree, "", env), origin);
    }

    /** Binds a top-level section to its record; a missing section binds to {@code defaults}. */
    public <T> T section(String name, Class<T> type, T defaults) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return defaults;
        }
        try {
            // Merge over the defaults so a section only needs the keys it changes.
            ObjectNode merged = YAML.valueToTree(defaults);
            deepMerge(merged, node);
            return YAML.treeToValue(merged, type);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(origin + ": unknown setting '" + name + "." + path(e) + "'; known settings here: "
                    + e.getKnownPropertyIds(), e);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ConfigException(origin + ": section '" + name + "' is invalid: " + e.getMessage(), e);
        }
    }

    /** Whether the document has the section at all. */
    public boolean has(String name) {
        return root.hasNonNull(name);
    }

    /** Where the configuration came from: a file path, or "defaults". */
    public String origin() {
        return origin;
    }

    private static String path(UnrecognizedPropertyException e) {
        StringBuilder sb = new StringBuilder();
        e.getPath().forEach(ref -> {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            }
        });
        return sb.toString();
    }

    private static JsonNode expand(JsonNode node, String where, EnvSubstitution env) {
        if (node.isTextual()) {
            return TextNode.valueOf(env.expand(node.asText(), where));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = where.isEmpty() ? e.getKey() : where + "." + e.getKey();
                copy.set(e.getKey(), expand(e.getValue(), child, env));
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                copy.add(expand(node.get(i), where + "[" + i + "]", env));
            }
            return copy;
        }
        return node;
    }

    private static void deepMerge(ObjectNode target, JsonNode overrides) {
        overrides.fields().forEachRemaining(e -> {
            JsonNode existing = target.get(e.getKey());
            if (existing instanceof ObjectNode obj && e.getValue().isObject()) {
                deepMerge(obj, e.getValue());
            } else {
                target.set(e.getKey(), e.getValue());
            }
        });
    }
}
