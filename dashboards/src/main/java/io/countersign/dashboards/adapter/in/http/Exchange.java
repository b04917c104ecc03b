package io.countersign.dashboards.adapter.in.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.countersign.dashboards.domain.Person;
import io.countersign.http.ApiError;
import io.countersign.http.RequestIds;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request in flight: the raw path split into decoded segments, query (or form) parameters, the
 * signed-in user, the request id, and the ways to answer — JSON, HTML, bytes, a redirect, or a JSON
 * error in the one shape of {@link ApiError} ({@code {"error": code, "message": what to do, "requestId"}})
 * that never carries a stack trace.
 */
final class Exchange {

    /** How much of a body beyond the limit is read and dropped before answering, so the answer reaches the client. */
    static final long DRAINED = 4L * 1024 * 1024;

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    final Request request;
    final Response response;
    final Callback callback;
    final List<String> segments;
    final Map<String, List<String>> params;
    final String requestId;
    Person user;

    Exchange(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.segments = segments(request.getHttpURI().getPath());
        this.params = parse(request.getHttpURI().getQuery());
        this.requestId = RequestIds.of(request);
    }

    String method() {
        return request.getMethod();
    }

    String param(String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    int intParam(String name, int fallback, int min, int max) {
        String v = param(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw new BadRequest(name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be a whole number");
        }
    }

    /** A small form body (sign-in), parsed as application/x-www-form-urlencoded. */
    Map<String, List<String>> form(int max) throws IOException {
        byte[] body = body(max);
        if (body == null) {
            throw new BadRequest("the form is too large");
        }
        return parse(new String(body, StandardCharsets.UTF_8));
    }

    /**
     * The request body, or null when it is longer than {@code max} bytes (never more than {@code max + 1} are kept). Of a
     * longer body up to {@link #DRAINED} more bytes are read and dropped before the caller answers: a connection closed
     * with the client's bytes unread is reset by TCP, and the client may lose the answer (413) with it.
     */
    byte[] body(int max) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length <= max) {
                return body;
            }
            byte[] sink = new byte[8192];
            for (long drained = 0; drained < DRAINED; ) {
                int n = in.read(sink);
                if (n < 0) {
                    break;
                }
                drained += n;
            }
            return null;
        }
    }

    void json(int status, Object body) {
        try {
            send(status, JSON.writeValueAsBytes(body), "application/json");
        } catch (JsonProcessingException e) {
            error(500, "the answer could not be written");
        }
    }

    /** Answers the one error shape ({@link ApiError}), its code the usual one for {@code status}. */
    void error(int status, String message) {
        try {
            send(status, JSON.writeValueAsBytes(ApiError.of(status, message, requestId).body()), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always serialisable", e);
        }
    }

    void html(int status, String html) {
        send(status, html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
    }

    void redirect(String location) {
        response.getHeaders().put(HttpHeader.LOCATION, location);
        send(303, new byte[0], "text/plain");
    }

    void send(int status, byte[] body, String contentType) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : (rawPath == null ? "" : rawPath).split("/")) {
            if (!s.isEmpty()) {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static Map<String, List<String>> parse(String query) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    /** A parameter problem: answered 400 with its message. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
