package io.countersign.ingest.domain.openlineage;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Reads the typed fields of an OpenLineage event (RunEvent, JobEvent or DatasetEvent, spec 2-0-2) and
 * refuses what the spec does not allow, naming the JSON path. The spec allows additional properties
 * everywhere, so only the fields Countersign reads are checked.
 */
final class EventReader {

    private EventReader() {
    }

    static JsonNode object(JsonNode parent, String name, String path, boolean required) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                throw new InvalidEventException(path, "is required by the OpenLineage spec");
            }
            return null;
        }
        if (!n.isObject()) {
            throw new InvalidEventException(path, "must be a JSON object");
        }
        return n;
    }

    static JsonNode array(JsonNode parent, String name, String path, int max) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw new InvalidEventException(path, "must be a JSON array");
        }
        if (n.size() > max) {
            throw new InvalidEventException(path, "has " + n.size() + " entries; Countersign accepts at most " + max + " per event");
        }
        return n;
    }

    static String text(JsonNode parent, String name, String path, boolean required) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                throw new InvalidEventException(path, "is required by the OpenLineage spec");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw new InvalidEventException(path, "must be a string");
        }
        if (required && n.asText().isBlank()) {
            throw new InvalidEventException(path, "must not be empty");
        }
        if (n.asText().length() > 4_096) {
            throw new InvalidEventException(path, "is longer than 4096 characters");
        }
        return n.asText();
    }

    static Instant eventTime(JsonNode event) {
        String t = text(event, "eventTime", "eventTime", true);
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            try {
                // The Python client long wrote naive times (datetime.isoformat()); they are taken as UTC.
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw new InvalidEventException("eventTime", "must be an ISO-8601 date-time, e.g. 2026-11-23T10:00:00.000Z");
            }
        }
    }

    static String uri(JsonNode parent, String name, String path) {
        String u = text(parent, name, path, true);
        try {
            if (new URI(u).getScheme() == null) {
                throw new InvalidEventException(path, "must be an absolute URI");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new InvalidEventException(path, "must be a URI (" + e.getReason() + ")");
        }
    }

    static String uuid(JsonNode parent, String name, String path) {
        String u = text(parent, name, path, true);
        try {
            UUID.fromString(u);
            if (u.length() != 36) {
                throw new IllegalArgumentException();
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(path, "must be a UUID, e.g. 3f5e83fa-3480-44ff-99c5-ff943904e5e8");
        }
    }
}
