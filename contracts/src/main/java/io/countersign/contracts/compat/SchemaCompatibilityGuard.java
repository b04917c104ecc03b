package io.countersign.contracts.compat;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Guards schema evolution: every current schema must be able to read data written with the previous
 * released version (Avro BACKWARD compatibility), so a new consumer never chokes on records already in
 * Kafka. Released schemas are kept, self-contained, under {@code released/<version>/} on the class path.
 */
public final class SchemaCompatibilityGuard {

    /** The release whose schemas current code must stay compatible with. */
    public static final String PREVIOUS_RELEASE = "0.1.0";

    /** The top-level record types that are topic values (one released file each). */
    public static final List<String> RELEASED_TYPES = List.of("ActionIntent", "DatasetLabels", "LineageEdge",
            "ApprovalRequest", "ApprovalDecision", "Verdict", "ExecutionReport", "AuditRecord", "AuditCheckpoint",
            "DeadLetter");

    private SchemaCompatibilityGuard() {
    }

    /** One schema that breaks compatibility, with Avro's reasons. */
    public record Violation(String type, List<String> reasons) {
        @Override
        public String toString() {
            return type + ": " + String.join("; ", reasons);
        }
    }

    /** Checks {@code current} (type name to schema) against the released schemas of {@code release}. */
    public static List<Violation> check(Map<String, Schema> current, String release) {
        List<Violation> out = new ArrayList<>();
        for (Map.Entry<String, Schema> e : new TreeMap<>(current).entrySet()) {
            Schema released = released(release, e.getKey());
            if (released == null) {
                continue; // a type added since the release has nothing to be compatible with
            }
            var result = SchemaCompatibility.checkReaderWriterCompatibility(e.getValue(), released).getResult();
            if (result.getCompatibility() != SchemaCompatibilityType.COMPATIBLE) {
                List<String> reasons = result.getIncompatibilities().stream()
                        .map(SchemaCompatibilityGuard::describe).toList();
                out.add(new Violation(e.getKey(), reasons));
            }
        }
        return out;
    }

    /** The released schema of {@code type}, or null when it was not part of that release. */
    public static Schema released(String release, String type) {
        String path = "/released/" + release + "/" + type + ".avsc";
        try (InputStream in = SchemaCompatibilityGuard.class.getResourceAsStream(path)) {
            return in == null ? null : new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read released schema " + path, e);
        }
    }

    private static String describe(Incompatibility i) {
        return i.getType() + " at " + i.getLocation() + ": " + i.getMessage();
    }
}
