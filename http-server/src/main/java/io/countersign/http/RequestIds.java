package io.countersign.http;

import org.eclipse.jetty.server.Request;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id of one request, for its answer, its error body ({@link ApiError}) and every log line about it:
 * the caller's own {@code X-Request-Id} when it is a short, plain token (so a client can follow its
 * request through the logs), otherwise a new random UUID; a caller's header is never logged as given.
 */
public final class RequestIds {

    /** The header carrying the id, in requests and answers. */
    public static final String HEADER = "X-Request-Id";
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private RequestIds() {
    }

    /** The id of {@code request}. */
    public static String of(Request request) {
        return of(request.getHeaders().get(HEADER));
    }

    /** The id for a request that carried {@code given} (null: none) as its {@code X-Request-Id}. */
    public static String of(String given) {
        return given != null && SANE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }
}
