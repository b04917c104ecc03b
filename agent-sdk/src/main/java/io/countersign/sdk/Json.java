package io.countersign.sdk;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps SDK values to and from the gateway's JSON by hand rather than with annotations, so that the
 * public classes stay free of Jackson types and unknown response members are simply never read
 * (forward compatibility with newer gateways).
 */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {
    }

    static ObjectNode intentBody(Intent intent) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("action", intent.action());
        body.put("principal", intent.principal());
        if (!intent.delegationChain().isEmpty()) {
            strings(body.putArray("delegationChain"), intent.delegationChain());
        }
        strings(body.putArray("targets"), intent.targets());
        if (intent.destination() != null) {
            body.putObject("destination")
                    .put("uri", intent.destination().uri())
                    .put("external", intent.destination().external());
        }
        if (!intent.parameters().isEmpty()) {
            body.set("parameters", MAPPER.valueToTree(intent.parameters()));
        }
        putIfPresent(body, "reason", intent.reason());
        putIfPresent(body, "environment", intent.environment());
        putIfPresent(body, "framework", intent.framework());
        putIfPresent(body, "model", intent.model());
        body.put("idempotencyKey", intent.idempotencyKey());
        return body;
    }

    static ObjectNode executionBody(ExecutionReport report) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("status", report.status().name());
        putIfPresent(body, "executedHash", report.executedHash());
        if (!report.outputDatasets().isEmpty()) {
            strings(body.putArray("outputDatasets"), report.outputDatasets());
        }
        if (report.rowsAffected() != null) {
            body.put("rowsAffected", report.rowsAffected());
        }
        putIfPresent(body, "detail", report.detail());
        return body;
    }

    static IntentState intentState(JsonNode body) {
        Status status = enumValue(Status.class, text(body, "status"), Status.UNKNOWN);
        JsonNode v = body.path("verdict");
        JsonNode r = body.path("review");
        return new IntentState(status, v.isObject() ? verdict(v) : null, r.isObject() ? review(r) : null);
    }

    static Caller caller(JsonNode c) {
        return new Caller(text(c, "keyId"), text(c, "subject"), text(c, "owner"), strings(c.path("roles")), strings(c.path("principals")),
                c.path("anyPrincipal").asBoolean(false));
    }

    static Review review(JsonNode r) {
        return new Review(text(r, "requestId"), r.path("quorum").asInt(0), r.path("approvals").asInt(0), strings(r.path("approvedBy")),
                strings(r.path("eligibleGroups")), instant(text(r, "expiresAt")), r.path("stepUp").asBoolean(false));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            if (n.isTextual()) {
                out.add(n.asText());
            }
        }
        return out;
    }

    static Verdict verdict(JsonNode v) {
        List<ApproverDecision> decisions = new ArrayList<>();
        for (JsonNode d : v.path("decisions")) {
            decisions.add(new ApproverDecision(text(d, "approver"),
                    enumValue(ApproverDecision.Decision.class, text(d, "decision"), ApproverDecision.Decision.UNKNOWN),
                    text(d, "reason"), instant(text(d, "decidedAt"))));
        }
        List<MatchedRule> rules = new ArrayList<>();
        for (JsonNode r : v.path("matchedRules")) {
            rules.add(new MatchedRule(text(r, "id"),
                    enumValue(MatchedRule.Effect.class, text(r, "effect"), MatchedRule.Effect.UNKNOWN),
                    text(r, "description")));
        }
        JsonNode latency = v.path("latencyMs");
        return new Verdict(
                enumValue(Verdict.Outcome.class, text(v, "outcome"), Verdict.Outcome.UNKNOWN),
                enumValue(Verdict.DecidedBy.class, text(v, "decidedBy"), Verdict.DecidedBy.UNKNOWN),
                decisions, rules, text(v, "policyVersion"), text(v, "intentHash"), text(v, "requestId"),
                text(v, "message"), instant(text(v, "decidedAt")), latency.isNumber() ? latency.asLong() : null);
    }

    /** A textual member, or null when absent, null or not a scalar. */
    static String text(JsonNode node, String name) {
        JsonNode n = node.path(name);
        return n.isValueNode() && !n.isNull() ? n.asText() : null;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, E unknown) {
        if (value == null) {
            return unknown;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            return unknown;
        }
    }

    /** Parses ISO-8601 instants, with 'Z' or an offset; an unparseable timestamp must not break a verdict. */
    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static void putIfPresent(ObjectNode body, String name, String value) {
        if (value != null) {
            body.put(name, value);
        }
    }
}
