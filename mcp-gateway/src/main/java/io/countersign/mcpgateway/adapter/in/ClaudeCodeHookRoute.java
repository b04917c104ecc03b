package io.countersign.mcpgateway.adapter.in;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.mcpgateway.application.port.out.CallerGates;
import io.countersign.mcpgateway.application.port.out.IntentGate;
import io.countersign.mcpgateway.claudecode.ClaudeCodeHook;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Claude Code's HTTP hook form ({@code {"type": "http", "url": …}} in its settings, typed in the Claude Agent SDK's
 * {@code sdk.d.ts}) on the gateway's HTTP server: {@code POST /hooks/claude-code} takes the same hook input JSON a
 * command hook reads on stdin and answers the same JSON ({@link ClaudeCodeHook}: PreToolUse allow / deny / ask,
 * PostToolUse and PostToolUseFailure reported). The agent authenticates with its Countersign API key as
 * {@code Authorization: Bearer} (a header the hook config sends); the intent goes with that key, so the agent is
 * the key's. Query parameters: {@code wait} (seconds for a verdict, 0-600, default 50: under the hook's timeout)
 * and {@code onReview} ({@code wait} or {@code ask}). Other paths fall through to the next handler.
 */
public final class ClaudeCodeHookRoute extends Handler.Abstract {

    static final String PATH = "/hooks/claude-code";
    private static final Logger LOG = LoggerFactory.getLogger(ClaudeCodeHookRoute.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 4 << 20;

    private final CallerGates callers;

    public ClaudeCodeHookRoute(CallerGates callers) {
        this.callers = callers;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!PATH.equals(Request.getPathInContext(request))) {
            return false;
        }
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            return answer(response, callback, 405, Map.of("error", "POST the hook input JSON to " + PATH));
        }
        Optional<IntentGate> caller;
        String key = BearerKey.of(request);
        if (key == null) {
            return BearerKey.challenge(response, callback, false, "send your Countersign API key as 'Authorization: Bearer <key>'"
                    + " (the hook's headers, e.g. \"Authorization\": \"Bearer $COUNTERSIGN_API_KEY\" with allowedEnvVars)");
        }
        try {
            caller = callers.forKey(key, BearerKey.principal(request));
        } catch (CallerGates.PrincipalNotAllowed e) {
            return BearerKey.forbidden(response, callback, e.getMessage());
        } catch (IntentGate.GateException e) {
            return answer(response, callback, 503, Map.of("error", "Countersign could not check the key; retry shortly: " + e.getMessage()));
        }
        if (caller.isEmpty()) {
            return BearerKey.challenge(response, callback, true, "the API key is not valid (unknown or revoked); check the key or ask for a new one");
        }
        Fields query = Request.extractQueryParameters(request);
        Duration wait;
        ClaudeCodeHook.OnReview onReview;
        try {
            long seconds = Long.parseLong(query.getValue("wait") == null ? "50" : query.getValue("wait"));
            if (seconds < 0 || seconds > 600) {
                throw new NumberFormatException();
            }
            wait = Duration.ofSeconds(seconds);
            onReview = ClaudeCodeHook.OnReview.valueOf(query.getValue("onReview") == null ? "WAIT" : query.getValue("onReview").toUpperCase());
        } catch (IllegalArgumentException e) {
            return answer(response, callback, 400, Map.of("error", "wait must be 0-600 seconds and onReview wait or ask"));
        }
        JsonNode input;
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                return answer(response, callback, 413, Map.of("error", "the hook input may be at most " + MAX_BODY + " bytes"));
            }
            input = JSON.readTree(body);
        } catch (IOException e) {
            return answer(response, callback, 400, Map.of("error", "the hook input is not JSON"));
        }
        try {
            return answer(response, callback, 200, new ClaudeCodeHook(caller.get(), wait, onReview).handle(input));
        } catch (IllegalArgumentException e) {
            LOG.debug("Hook input refused: {}", e.getMessage());
            return answer(response, callback, 400, Map.of("error", e.getMessage()));
        }
    }

    private static boolean answer(Response response, Callback callback, int status, Object body) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, JSON.writeValueAsString(body), callback);
        return true;
    }
}
