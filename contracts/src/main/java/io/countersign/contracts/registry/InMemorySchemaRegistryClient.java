package io.countersign.contracts.registry;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Schema Registry in memory, with the REST API's semantics (global ids, per-subject versions, the same
 * schema registered twice keeps its id, BACKWARD compatibility by default, 409 on an incompatible
 * registration), for unit and topology tests that need no network.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private final Map<Integer, Schema> byId = new HashMap<>();
    private final Map<String, List<RegisteredSchema>> subjects = new HashMap<>();
    private final Map<String, String> config = new HashMap<>();
    private String globalLevel = "BACKWARD";

    @Override
    public synchronized int register(String subject, Schema schema) {
        Optional<RegisteredSchema> existing = lookup(subject, schema);
        if (existing.isPresent()) {
            return existing.get().id();
        }
        if (!isCompatible(subject, schema)) {
            throw new SchemaRegistryException(409, 409, "Schema being registered is incompatible with an earlier schema for subject " + subject);
        }
        int id = byId.entrySet().stream().filter(e -> e.getValue().equals(schema)).map(Map.Entry::getKey).findFirst()
                .orElseGet(() -> {
                    int next = byId.size() + 1;
                    byId.put(next, schema);
                    return next;
                });
        List<RegisteredSchema> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        versions.add(new RegisteredSchema(subject, id, versions.size() + 1, schema));
        return id;
    }

    @Override
    public synchronized Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        return subjects.getOrDefault(subject, List.of()).stream().filter(r -> r.schema().equals(schema)).findFirst();
    }

    @Override
    public synchronized Schema getById(int id) {
        Schema s = byId.get(id);
        if (s == null) {
            throw new SchemaRegistryException(404, 40403, "Schema " + id + " not found");
        }
        return s;
    }

    @Override
    public synchronized Optional<RegisteredSchema> latest(String subject) {
        List<RegisteredSchema> versions = subjects.getOrDefault(subject, List.of());
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        Optional<RegisteredSchema> latest = latest(subject);
        String level = compatibility(subject);
        if (latest.isEmpty() || "NONE".equals(level)) {
            return true;
        }
        Schema old = latest.get().schema();
        boolean backward = SchemaCompatibility.checkReaderWriterCompatibility(schema, old).getType() == SchemaCompatibilityType.COMPATIBLE;
        boolean forward = SchemaCompatibility.checkReaderWriterCompatibility(old, schema).getType() == SchemaCompatibilityType.COMPATIBLE;
        return switch (level.replace("_TRANSITIVE", "")) {
            case "FORWARD" -> forward;
            case "FULL" -> forward && backward;
            default -> backward;
        };
    }

    @Override
    public synchronized String compatibility(String subjectOrNull) {
        return subjectOrNull == null ? globalLevel : config.getOrDefault(subjectOrNull, globalLevel);
    }

    @Override
    public synchronized void setCompatibility(String subjectOrNull, String level) {
        if (subjectOrNull == null) {
            globalLevel = level;
        } else {
            config.put(subjectOrNull, level);
        }
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }
}
