package io.countersign.ingest.adapter.in.http;

import io.countersign.http.ApiError;
import io.countersign.http.RequestIds;
import io.countersign.ingest.domain.Credential;
import io.countersign.oidc.VerifiedToken;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HTTP request in flight: the Jetty request, response and callback, the request id, the caller
 * once authenticated, and the status answered (for metrics). Every answer is JSON; every error has the
 * one shape of {@link ApiError}: {@code {"error", "message", "field", "requestId"}} and never a stack trace.
 */
final class Exchange {

    final Request request;
    final Response response;
    final Callback callback;
    final String requestId;
    final String path;
    Credential caller;
    /** The caller's verified access token when it authenticated with one (ingest.oidc), else null. */
    VerifiedToken token;
    String route = "unmatched";
    private volatile int status;
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile boolean bodyTaken;

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
        response.getHeaders().put(RequestIds.HEADER, requestId);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    void error(int code, String error, String message, String field) {
        error(code, error, message, field, null);
    }

    /** The error body, with {@code intentId} after the shared fields when the error is about one intent. */
    void error(int code, String error, String message, String field, String intentId) {
        Map<String, Object> body = new LinkedHashMap<>(new ApiError(error, message, field, requestId).body());
        if (intentId != null) {
            body.put("intentId", intentId);
        }
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

    /** Whether the request carries a body that nobody has read (nor started to read) yet. */
    boolean hasUnreadBody() {
        return !bodyTaken && request.getLength() != 0 && (method().equals("POST") || method().equals("PUT"));
    }

    /** Marks the body as being read: from now on it is the reader's to finish or give up. */
    void takeBody() {
        bodyTaken = true;
    }

    /** Asks Jetty to close the connection after this answer instead of reading the next request on it. */
    void closeAfterAnswer() {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
}
