package io.countersign.dashboards.adapter.in.http;

import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

import java.time.Duration;

/**
 * The dashboards' cookies, all HttpOnly, SameSite=Lax and Secure when configured: the session
 * ({@value #SESSION}) and an OpenID Connect sign-in in progress ({@value #ATTEMPT}, only sent to
 * {@code /login/oidc}). Lax, not Strict: coming back from the identity provider is a navigation from
 * another site, and Strict cookies would not be sent on it (nor on the redirect that follows). Every
 * request that changes state is a POST, which Lax never sends cross-site and which must also be same-origin.
 */
public final class Cookies {

    static final String SESSION = "cs_session";
    static final String ATTEMPT = "cs_oidc";
    private final boolean secure;
    private final Duration sessionMax;

    public Cookies(boolean secure, Duration sessionMax) {
        this.secure = secure;
        this.sessionMax = sessionMax;
    }

    void setSession(Response response, String value) {
        Response.addCookie(response, build(SESSION, value, "/", sessionMax));
    }

    void clearSession(Response response) {
        Response.addCookie(response, build(SESSION, "", "/", Duration.ZERO));
    }

    void setAttempt(Response response, String value, Duration lifetime) {
        Response.addCookie(response, build(ATTEMPT, value, "/login/oidc", lifetime));
    }

    void clearAttempt(Response response) {
        Response.addCookie(response, build(ATTEMPT, "", "/login/oidc", Duration.ZERO));
    }

    private HttpCookie build(String name, String value, String path, Duration maxAge) {
        return HttpCookie.build(name, value).path(path).httpOnly(true).secure(secure).sameSite(HttpCookie.SameSite.LAX)
                .maxAge(maxAge.toSeconds()).build();
    }

    static String read(Request request, String name) {
        for (HttpCookie c : Request.getCookies(request)) {
            if (c.getName().equals(name)) {
                return c.getValue();
            }
        }
        return null;
    }
}
