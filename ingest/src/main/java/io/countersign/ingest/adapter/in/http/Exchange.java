package io.countersign.ingest.adapter.in.http;

import io.countersign.ingest.domain.Credential;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HTTP request in flight: the Jetty request, response and callback, the request id, the caller
 * once authenticated, and the status answered (for metrics). Every answer is JSON; every error has the
 * same shape: {@code {"error", "message", "field", "requestId"}} and never a stack trace.
 */
final class Exchange {

    final Request request;
    final Response response;
    final Callback callback;
    final String requestId;
    final String path;
    Credential caller;
    String route = "unmatched";
    private volatile int status;
    private final AtomicBoolean answered = new AtomicBoolean();
    private boolean bodyRead;

    Exchange(Request request, Response response, Callback callback, String requestId, String path) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.requestId = requestId;
        this.path = path;
    }

    void json(int code, Object body) {
        send(code, Json.write(body), "application/json");
    }

    void send(int code, byte[] body, String contentType) {
        if (!answered.compareAndSet(false, true)) {
            return; // a long-poll may race its own timeout; the first answer wins
        }
        status = code;
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put("X-Request-Id", requestId);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    void error(int code, String error, String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        if (field != null) {
            body.put("field", field);
        }
        body.put("requestId", requestId);
        json(code, body);
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    String method() {
        return request.getMethod();
    }

    int status() {
        return status;
    }

    boolean answered() {
        return answered.get();
    }

    /**
     * Reads and discards a body the request was refused without reading (401, 403, 413, 415...), so the
     * client, which may still be sending it, reads the answer and its keep-alive connection stays
     * usable. Up to eight times the body limit is discarded; beyond that the connection is closed
     * instead, so an oversized upload cannot make the gateway read without end.
     */
    void discardUnreadBody(int max) {
        if (bodyRead || !(method().equals("POST") || method().equals("PUT"))) {
            return;
        }
        bodyRead = true;
        long limit = 8L * max;
        if (request.getLength() > limit) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            return;
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] buffer = new byte[8_192];
            long read = 0;
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                read += n;
                if (read > limit) {
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                    return;
                }
            }
        } catch (IOException e) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
    }

    /** The body, up to {@code max} bytes; blocking is fine here (handlers run on pool threads). */
    byte[] body(int max) {
        bodyRead = true;
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] data = in.readNBytes(max + 1);
            if (data.length > max) {
                // Drain what is left (within reason) so the client reads the 413 instead of a reset.
                if (in.skip(8L * max) >= 8L * max || in.read() >= 0) {
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                }
                throw new HttpProblem(413, "body_too_large", "the body is larger than the limit of " + max + " bytes");
            }
            return data;
        } catch (IOException e) {
            throw new HttpProblem(400, "bad_body", "the body could not be read completely (" + e.getClass().getSimpleName() + ")");
        }
    }

}
