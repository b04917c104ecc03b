package io.countersign.dashboards.adapter.in.http;

import io.countersign.dashboards.application.OidcSignIn;
import io.countersign.dashboards.domain.Sessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Sign-in with the organisation's OpenID provider: {@code GET /login/oidc?next=} sends the browser to the
 * provider with a fresh attempt ({@link OidcSignIn#begin}); {@code GET /login/oidc/callback} finishes it,
 * starts a session and goes on to {@code next}. A refused callback, or someone whose groups grant no role,
 * gets a page saying why and what to do, and no session. Logs who signed in and why a sign-in was refused,
 * never codes or tokens.
 */
public final class OidcRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(OidcRoutes.class);
    private final OidcSignIn signIn;
    private final Sessions sessions;
    private final Cookies cookies;
    private final String providerName;
    private StepUpPages stepUp;

    public OidcRoutes(OidcSignIn signIn, Sessions sessions, Cookies cookies, String providerName) {
        this.signIn = signIn;
        this.sessions = sessions;
        this.cookies = cookies;
        this.providerName = providerName;
    }

    /** These routes finishing step-up sign-ins on {@code pages} too. */
    public OidcRoutes withStepUp(StepUpPages pages) {
        this.stepUp = pages;
        return this;
    }

    /** The step-up pages, or null when step-up approvals are not configured. */
    StepUpPages stepUp() {
        return stepUp;
    }

    String providerName() {
        return providerName;
    }

    void handle(Exchange ex) throws IOException {
        if (!ex.method().equals("GET")) {
            ex.error(405, "use GET");
        } else if (ex.segments.size() == 2) {
            start(ex);
        } else if (ex.segments.size() == 3 && ex.segments.get(2).equals("callback")) {
            callback(ex);
        } else {
            ex.error(404, "no such page; sign in at /login");
        }
    }

    private void start(Exchange ex) {
        try {
            OidcSignIn.Start start = signIn.begin(LoginPage.safeNext(ex.param("next")));
            cookies.setAttempt(ex.response, start.attemptCookie(), OidcSignIn.ATTEMPT_LIFETIME);
            ex.redirect(start.redirect().toString());
        } catch (IOException e) {
            LOG.warn("The identity provider's discovery document cannot be fetched: {}", e.getMessage());
            ex.html(503, LoginPage.notice("Sign-in is unavailable", providerName + " cannot be reached right now. Try again shortly, or"
                    + " sign in with a local account if you have one."));
        }
    }

    private void callback(Exchange ex) throws IOException {
        OidcSignIn.Outcome outcome = signIn.complete(Cookies.read(ex.request, Cookies.ATTEMPT), ex.param("state"), ex.param("code"), ex.param("error"));
        cookies.clearAttempt(ex.response);
        if (outcome instanceof OidcSignIn.Outcome.SignedIn in) {
            LOG.info("Dashboard sign-in by {} through {} with roles {}", in.person().username(), providerName, in.person().roles());
            cookies.setSession(ex.response, sessions.start(in.person()));
            ex.redirect(LoginPage.safeNext(in.next()));
        } else if (outcome instanceof OidcSignIn.Outcome.SteppedUp steppedUp) {
            if (stepUp == null) {
                ex.html(404, LoginPage.notice("Step-up is not configured", "These dashboards have no dashboards.oidc.stepUp; ask the operator."));
            } else {
                stepUp.finish(ex, steppedUp);
            }
        } else if (outcome instanceof OidcSignIn.Outcome.NoRole none) {
            LOG.info("Dashboard sign-in by {} through {} refused: no group maps to a role", none.identity(), providerName);
            ex.html(403, LoginPage.notice("No access to the dashboards", "You are signed in at " + providerName + " as "
                    + none.identity() + ", but none of your groups there grants a role in Countersign's dashboards. Ask your"
                    + " administrator to add you to one of these groups: " + String.join(", ", signIn.roleGroups().stream().sorted().toList())
                    + "."));
        } else if (outcome instanceof OidcSignIn.Outcome.Refused refused) {
            LOG.info("Dashboard sign-in through {} refused: {}", providerName, refused.reason());
            ex.html(400, LoginPage.notice("Sign-in refused", "Signing in through " + providerName + " did not complete: "
                    + refused.reason() + "."));
        }
    }
}
