package io.countersign.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one shape of every JSON error a Countersign HTTP API answers (the {@code Error} schema of the
 * ingest gateway's {@code openapi.json}): {@code {"error": code, "message": what was wrong and how to fix
 * it, "field": JSON path at fault (only when one is), "requestId": the id to quote, also in the logs}}.
 * Never a stack trace.
 *
 * @param error     a stable, machine-readable code such as {@code invalid_request} or {@code not_found}
 * @param message   for people: what was wrong and what to do
 * @param field     the JSON path of the field at fault, or null
 * @param requestId the request's id ({@link RequestIds})
 */
public record ApiError(String error, String message, String field, String requestId) {

    public ApiError {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(requestId, "requestId");
    }

    /** An error with the usual code of {@code status} ({@link #code}) and no field. */
    public static ApiError of(int status, String message, String requestId) {
        return new ApiError(code(status), message, null, requestId);
    }

    /** The body to serialise, its keys in the documented order, {@code field} left out when null. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        if (field != null) {
            body.put("field", field);
        }
        body.put("requestId", requestId);
        return body;
    }

    /** The code the gateway's API uses for an HTTP status when nothing more specific applies. */
    public static String code(int status) {
        return switch (status) {
            case 400 -> "invalid_request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "body_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "bad_request";
        };
    }
}
