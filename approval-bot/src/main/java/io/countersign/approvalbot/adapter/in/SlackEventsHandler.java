package io.countersign.approvalbot.adapter.in;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bot's Request URL ({@code POST /slack/events}) on Jetty: hands each request to Bolt, whose
 * middleware verifies the {@code X-Slack-Signature} HMAC and rejects timestamps older than five
 * minutes (401) before any handler runs. Bodies over 1 MiB are refused; payloads are never logged.
 */
public final class SlackEventsHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(SlackEventsHandler.class);
    private static final int MAX_BODY = 1 << 20;

    private final App app;
    private final SlackRequestParser parser;

    public SlackEventsHandler(App app) {
        this.app = app;
        this.parser = new SlackRequestParser(app.config());
    }

    @Override
    public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response, Callback callback) {
        try {
            if (!"POST".equals(request.getMethod()) || !request.getHttpURI().getPath().equals("/slack/events")) {
                answer(response, callback, 404, "text/plain", "Slack requests go to POST /slack/events");
                return true;
            }
            byte[] body;
            try (InputStream in = Content.Source.asInputStream(request)) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                answer(response, callback, 413, "text/plain", "request too large");
                return true;
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (HttpField f : request.getHeaders()) {
                headers.computeIfAbsent(f.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(f.getValue());
            }
            Request<?> slackRequest = parser.parse(SlackRequestParser.HttpRequest.builder()
                    .requestUri(request.getHttpURI().getPath()).queryString(Map.of())
                    .requestBody(new String(body, StandardCharsets.UTF_8)).headers(new RequestHeaders(headers))
                    .remoteAddress(org.eclipse.jetty.server.Request.getRemoteAddr(request)).build());
            Response r = app.run(slackRequest);
            answer(response, callback, r.getStatusCode(), r.getContentType() == null ? "text/plain" : r.getContentType(),
                    r.getBody() == null ? "" : r.getBody());
        } catch (Exception e) {
            LOG.error("Slack request failed: {}", e.toString());
            answer(response, callback, 500, "text/plain", "internal error");
        }
        return true;
    }

    private static void answer(org.eclipse.jetty.server.Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
