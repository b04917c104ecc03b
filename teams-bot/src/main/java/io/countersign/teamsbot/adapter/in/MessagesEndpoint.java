package io.countersign.teamsbot.adapter.in;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.http.ApiError;
import io.countersign.http.RequestIds;
import io.countersign.teamsbot.application.ActivityHandler;
import io.countersign.teamsbot.application.Reply;
import io.countersign.teamsbot.domain.Activity;
import io.countersign.teamsbot.domain.ServiceUrl;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The Teams messaging endpoint, {@code POST /api/messages} (the Azure Bot's "Messaging endpoint"). Every
 * request's Bot Framework token is verified ({@link BotFrameworkAuth}) before its body is read; the activity
 * must then come from the service URL the token vouches for. Only then is it handed to the
 * {@link ActivityHandler}, whose {@link Reply} is the answer. Anything unauthenticated is 401 with an
 * {@link ApiError} body and reaches no handler. Logs request ids and the failed check, never tokens or bodies.
 */
public final class MessagesEndpoint extends Handler.Abstract {

    /** The path Teams posts activities to. */
    public static final String PATH = "/api/messages";
    private static final Logger LOG = LoggerFactory.getLogger(MessagesEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 256 * 1024;

    private final BotFrameworkAuth auth;
    private final ActivityHandler handler;

    public MessagesEndpoint(BotFrameworkAuth auth, ActivityHandler handler) {
        this.auth = auth;
        this.handler = handler;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String requestId = RequestIds.of(request);
        if (!PATH.equals(Request.getPathInContext(request))) {
            return error(response, callback, 404, "Teams posts activities to POST " + PATH, requestId);
        }
        if (!"POST".equals(request.getMethod())) {
            return error(response, callback, 405, "use POST " + PATH, requestId);
        }
        try {
            BotFrameworkAuth.Verified token = auth.verify(request.getHeaders().get(HttpHeader.AUTHORIZATION));
            byte[] body;
            try (InputStream in = Content.Source.asInputStream(request)) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                return error(response, callback, 413, "an activity must be at most " + MAX_BODY + " bytes", requestId);
            }
            ObjectNode raw = parse(body);
            if (raw == null) {
                return error(response, callback, 400, "the body must be one Bot Framework activity, a JSON object", requestId);
            }
            ServiceUrl serviceUrl = ServiceUrl.parseOrNull(raw.path("serviceUrl").isTextual() ? raw.get("serviceUrl").asText() : null);
            token.checkActivity(serviceUrl, raw.path("channelId").isTextual() ? raw.get("channelId").asText() : null);
            Activity activity = Activity.of(raw, serviceUrl);
            LOG.debug("Teams request {}: {} {} in conversation {}", requestId, activity.type(), activity.name(), activity.conversationId());
            return answer(response, callback, handler.handle(activity), requestId);
        } catch (AuthenticationException e) {
            LOG.info("Refused Teams request {}: {}", requestId, e.getMessage());
            return error(response, callback, 401, "the request carries no valid Bot Framework token for this bot", requestId);
        } catch (Exception e) {
            LOG.error("Teams request {} failed: {}", requestId, e.getClass().getName());
            return error(response, callback, 500, "the activity could not be handled; Teams will show an error, try again", requestId);
        }
    }

    private static ObjectNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean answer(Response response, Callback callback, Reply reply, String requestId) throws JsonProcessingException {
        response.setStatus(reply.status());
        response.getHeaders().put(RequestIds.HEADER, requestId);
        if (reply.body() == null) {
            response.write(true, ByteBuffer.allocate(0), callback);
        } else {
            send(response, callback, JSON.writeValueAsBytes(reply.body()));
        }
        return true;
    }

    private static boolean error(Response response, Callback callback, int status, String message, String requestId) {
        response.setStatus(status);
        response.getHeaders().put(RequestIds.HEADER, requestId);
        if (status == 401 || status == 413) {
            // The body was never (wholly) read: close rather than leave the client a connection it cannot reuse.
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        try {
            send(response, callback, JSON.writeValueAsBytes(ApiError.of(status, message, requestId).body()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always serialisable", e);
        }
        return true;
    }

    private static void send(Response response, Callback callback, byte[] json) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(json), callback);
    }
}
