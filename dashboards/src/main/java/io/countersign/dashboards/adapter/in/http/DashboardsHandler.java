package io.countersign.dashboards.adapter.in.http;

import io.countersign.dashboards.domain.Sessions;
import io.countersign.dashboards.domain.Users;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The dashboards' front door: security headers on every answer, sign-in (local users' form at
 * {@code /login}, the OpenID provider through {@link OidcRoutes} at {@code /login/oidc}) and sign-out, and a session
 * check before anything else — pages without one redirect to {@code /login}, the API answers 401.
 * Requests that change state (sign-in, sign-out, verify) must come from this origin. Then it hands
 * pages to {@link StaticUi} and the API to {@link ApiRoutes}. Logs method, route and status, never
 * parameters or bodies.
 */
public final class DashboardsHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardsHandler.class);
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
            + " connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    private final Users users;
    private final Sessions sessions;
    private final ApiRoutes api;
    private final StaticUi ui = new StaticUi();
    private final OidcRoutes oidc;
    private final Cookies cookies;

    /** {@code oidc} null: local users only. */
    public DashboardsHandler(Users users, Sessions sessions, ApiRoutes api, OidcRoutes oidc, Cookies cookies) {
        this.users = users;
        this.sessions = sessions;
        this.api = api;
        this.oidc = oidc;
        this.cookies = cookies;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange ex = new Exchange(request, response, callback);
        var h = response.getHeaders();
        h.put("Content-Security-Policy", CSP);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "no-referrer");
        h.put("X-Frame-Options", "DENY");
        h.put(HttpHeader.CACHE_CONTROL, "no-store");
        MDC.put("requestId", ex.requestId);
        try {
            route(ex);
        } catch (Exchange.BadRequest e) {
            ex.error(400, e.getMessage());
        } catch (UncheckedIOException e) {
            LOG.warn("OpenSearch or Kafka unavailable for {} {}: {}", ex.method(), request.getHttpURI().getPath(), e.getMessage());
            ex.error(503, "the index is not reachable right now; try again shortly");
        } catch (Exception e) {
            LOG.error("Dashboards request {} {} failed", ex.method(), request.getHttpURI().getPath(), e);
            ex.error(500, "something went wrong; the server log has the details");
        } finally {
            MDC.remove("requestId");
        }
        return true;
    }

    private void route(Exchange ex) throws Exception {
        List<String> s = ex.segments;
        String first = s.isEmpty() ? "" : s.get(0);
        if (first.equals("healthz") && s.size() == 1) {
            ex.json(200, Map.of("status", "ok"));
            return;
        }
        if (first.equals("login") && s.size() == 1) {
            login(ex);
            return;
        }
        if (first.equals("login") && s.get(1).equals("oidc") && oidc != null) {
            oidc.handle(ex);
            return;
        }
        if (ex.method().equals("POST") && !sameOrigin(ex)) {
            ex.error(403, "cross-site request refused");
            return;
        }
        if (first.equals("step-up") && s.size() == 1) {
            if (oidc == null || oidc.stepUp() == null) {
                ex.html(404, LoginPage.notice("Step-up is not configured", "These dashboards have no dashboards.oidc.stepUp; ask the operator."));
            } else {
                oidc.stepUp().handle(ex);
            }
            return;
        }
        String token = Cookies.read(ex.request, Cookies.SESSION);
        if (first.equals("logout") && s.size() == 1 && ex.method().equals("POST")) {
            sessions.end(token);
            cookies.clearSession(ex.response);
            ex.redirect("/login");
            return;
        }
        var session = sessions.find(token);
        if (session.isEmpty()) {
            if (first.equals("api")) {
                ex.error(401, "sign in first: POST /login");
            } else {
                String next = ex.request.getHttpURI().getPathQuery();
                ex.redirect("/login?next=" + URLEncoder.encode(next == null ? "/" : next, StandardCharsets.UTF_8));
            }
            return;
        }
        ex.user = session.get().user();
        sessions.renewal(session.get()).ifPresent(renewed -> cookies.setSession(ex.response, renewed));
        if (first.equals("api")) {
            api.handle(ex);
        } else if (s.isEmpty() && ex.method().equals("GET")) {
            asset(ex, "index.html");
        } else if (first.equals("ui") && s.size() == 2 && ex.method().equals("GET")) {
            asset(ex, s.get(1));
        } else {
            ex.error(404, "no such page; the dashboards start at /");
        }
    }

    private void asset(Exchange ex, String name) {
        ui.get(name).ifPresentOrElse(a -> ex.send(200, a.bytes(), a.contentType()),
                () -> ex.error(404, name.equals("index.html") ? "the UI is not built; run mvn -pl dashboards package" : "no such file"));
    }

    private void login(Exchange ex) throws Exception {
        if (ex.method().equals("GET")) {
            ex.html(200, LoginPage.render(LoginPage.safeNext(ex.param("next")), ex.param("error") != null,
                    oidc == null ? null : oidc.providerName(), users.size() > 0));
            return;
        }
        if (!ex.method().equals("POST")) {
            ex.error(405, "use GET or POST /login");
            return;
        }
        if (!sameOrigin(ex)) {
            ex.error(403, "cross-site sign-in refused");
            return;
        }
        Map<String, List<String>> form = ex.form(8_192);
        String username = first(form, "username");
        String password = first(form, "password");
        String next = LoginPage.safeNext(first(form, "next"));
        String client = Request.getRemoteAddr(ex.request);
        Users.Outcome outcome = users.signIn(client, username, password == null ? new char[0] : password.toCharArray());
        if (outcome instanceof Users.Outcome.Throttled t) {
            LOG.info("Dashboard sign-in throttled for client {}", client);
            ex.response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(t.retryAfter().toSeconds()));
            ex.error(429, "too many sign-in attempts from this address; retry in " + t.retryAfter().toSeconds() + " s");
            return;
        }
        if (!(outcome instanceof Users.Outcome.SignedIn signedIn)) {
            LOG.info("Dashboard sign-in failed from client {}", client);
            ex.redirect("/login?error=1&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            return;
        }
        LOG.info("Dashboard sign-in by {}", signedIn.user().username());
        cookies.setSession(ex.response, sessions.start(signedIn.user().person()));
        ex.redirect(next);
    }

    /** Browsers send Origin (or Sec-Fetch-Site) with POSTs; a different origin is another site's form or script. */
    private static boolean sameOrigin(Exchange ex) {
        String site = ex.request.getHeaders().get("Sec-Fetch-Site");
        if (site != null) {
            return site.equals("same-origin") || site.equals("none");
        }
        String origin = ex.request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null) {
            return true; // not a browser's cross-site request: curl, tests, API clients
        }
        String host = ex.request.getHeaders().get(HttpHeader.HOST);
        return origin.equals("http://" + host) || origin.equals("https://" + host);
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> v = form.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
