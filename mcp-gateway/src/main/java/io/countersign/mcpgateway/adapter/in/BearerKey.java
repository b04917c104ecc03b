package io.countersign.mcpgateway.adapter.in;

import io.countersign.mcpgateway.application.port.out.CallerGates;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.Map;

/**
 * The agent's API key from {@code Authorization: Bearer} and the principal it names, if any; the 401 answer when the key is
 * missing or refused, the 403 when the principal is not the key's to name.
 */
final class BearerKey {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private BearerKey() {
    }

    /** The bearer key of {@code request}, or null when it has none. */
    static String of(Request request) {
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.strip().length() <= 7) {
            return null;
        }
        return auth.substring(7).strip();
    }

    /** The principal the agent named ({@link CallerGates#PRINCIPAL_HEADER}), or null for its key's owner. */
    static String principal(Request request) {
        return request.getHeaders().get(CallerGates.PRINCIPAL_HEADER);
    }

    /** Answers 403 when the agent named a principal its key may not act for. */
    static boolean forbidden(Response response, Callback callback, String message) throws java.io.IOException {
        response.setStatus(403);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, JSON.writeValueAsString(Map.of("error", message)), callback);
        return true;
    }

    /**
     * Answers 401 with a {@code WWW-Authenticate} challenge ({@code invalid_token} when a key came and was refused) and
     * closes the connection: the body was never read.
     */
    static boolean challenge(Response response, Callback callback, boolean refused, String message) throws java.io.IOException {
        response.setStatus(401);
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"countersign\"" + (refused ? ", error=\"invalid_token\"" : ""));
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, JSON.writeValueAsString(Map.of("error", message)), callback);
        return true;
    }
}
