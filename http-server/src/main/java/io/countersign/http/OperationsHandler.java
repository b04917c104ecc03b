package io.countersign.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A chat bot's operational endpoints on its own HTTP port, in front of the chat tool's endpoint (Slack's
 * Request URL, Teams' messaging endpoint): {@code GET /healthz/live} (200 while the server answers),
 * {@code GET /healthz/ready} (200 once the bot has read the open approval requests from Kafka, else 503)
 * and {@code GET /metrics} (Prometheus text). Everything else goes to the wrapped handler.
 */
public final class OperationsHandler extends Handler.Wrapper {

    private final BooleanSupplier ready;
    private final Supplier<String> metrics;

    public OperationsHandler(Handler chat, BooleanSupplier ready, Supplier<String> metrics) {
        super(chat);
        this.ready = ready;
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!"GET".equals(request.getMethod())) {
            return super.handle(request, response, callback);
        }
        switch (request.getHttpURI().getPath()) {
            case "/healthz/live" -> answer(response, callback, 200, "application/json", "{\"status\":\"alive\"}");
            case "/healthz/ready" -> {
                boolean ok = ready.getAsBoolean();
                answer(response, callback, ok ? 200 : 503, "application/json",
                        ok ? "{\"status\":\"ready\"}" : "{\"status\":\"catching up with the approval topics; retry shortly\"}");
            }
            case "/metrics" -> answer(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get());
            default -> {
                return super.handle(request, response, callback);
            }
        }
        return true;
    }

    private static void answer(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
