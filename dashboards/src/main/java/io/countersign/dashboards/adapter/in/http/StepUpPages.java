package io.countersign.dashboards.adapter.in.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.dashboards.application.OidcSignIn;
import io.countersign.dashboards.application.port.out.StepUpApprovals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The step-up approval page, where Slack, Teams and the approval API send an approver whose click on
 * Approve needs a fresh multi-factor sign-in: {@code GET /step-up?link=} shows the masked request the
 * one-time link is for; {@code POST /step-up} (the link and the approver's reason) sends the browser to
 * the identity provider with {@code prompt=login} and {@code max_age}; the provider's callback
 * ({@link OidcRoutes}) comes back to {@link #finish}, which hands the verified ID token and the link to
 * the approval API and shows what it answered. No session is started: approvers need no dashboards role.
 * Every value shown comes from an agent or a person and is escaped.
 */
public final class StepUpPages {

    private static final Logger LOG = LoggerFactory.getLogger(StepUpPages.class);
    private static final int MAX_REASON = 1_000;

    private final OidcSignIn signIn;
    private final StepUpApprovals approvals;
    private final Cookies cookies;
    private final String acrValues;

    public StepUpPages(OidcSignIn signIn, StepUpApprovals approvals, Cookies cookies, String acrValues) {
        this.signIn = signIn;
        this.approvals = approvals;
        this.cookies = cookies;
        this.acrValues = acrValues;
    }

    void handle(Exchange ex) throws IOException {
        if (ex.method().equals("GET")) {
            show(ex, ex.param("link"));
        } else if (ex.method().equals("POST")) {
            Map<String, List<String>> form = ex.form(16_384);
            start(ex, first(form, "link"), first(form, "reason"));
        } else {
            ex.error(405, "use GET or POST /step-up");
        }
    }

    private void show(Exchange ex, String link) throws IOException {
        if (link == null || link.isBlank()) {
            ex.html(400, LoginPage.notice("No step-up link", "Open the link Countersign sent you in Slack, Teams or the approval API."));
            return;
        }
        StepUpApprovals.Answer view = approvals.view(link);
        if (!view.ok()) {
            ex.html(view.status() >= 500 ? 503 : view.status(), LoginPage.notice("This link cannot be used", view.message()));
            return;
        }
        // The form leads, through this server's redirect, to the provider's sign-in page: form-action must allow its origin.
        URI idp = signIn.authorizationEndpoint();
        ex.response.getHeaders().put("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
                + " frame-ancestors 'none'; base-uri 'none'; form-action 'self' " + idp.getScheme() + "://" + idp.getRawAuthority());
        ex.html(200, LoginPage.page("Approve with multi-factor sign-in", StepUpPageHtml.render(view.body(), link)));
    }

    private void start(Exchange ex, String link, String reason) throws IOException {
        if (link == null || link.isBlank()) {
            ex.html(400, LoginPage.notice("No step-up link", "Open the link Countersign sent you."));
            return;
        }
        if (reason != null && reason.length() > MAX_REASON) {
            ex.html(400, LoginPage.notice("Reason too long", "A reason may be at most " + MAX_REASON + " characters here."));
            return;
        }
        StepUpApprovals.Answer view = approvals.view(link);
        if (!view.ok()) {
            ex.html(view.status() >= 500 ? 503 : view.status(), LoginPage.notice("This link cannot be used", view.message()));
            return;
        }
        JsonNode approval = view.body().path("approval");
        if (approval.path("requireReasonOnApprove").asBoolean(false) && (reason == null || reason.isBlank())) {
            ex.html(400, LoginPage.notice("A reason is required", "The policy requires a reason to approve this request; go back and give one."));
            return;
        }
        // The provider is asked for multi-factor (acr_values) only where the request needs it.
        OidcSignIn.Start start = signIn.beginStepUp(link, reason, view.body().path("maxAuthAgeSeconds").asLong(300),
                approval.path("stepUp").asBoolean(true) ? acrValues : null);
        cookies.setAttempt(ex.response, start.attemptCookie(), OidcSignIn.ATTEMPT_LIFETIME);
        ex.redirect(start.redirect().toString());
    }

    /** The provider sent the approver back with a verified ID token: the approval API decides. */
    void finish(Exchange ex, OidcSignIn.Outcome.SteppedUp steppedUp) throws IOException {
        StepUpApprovals.Answer answer = approvals.approve(steppedUp.link(), steppedUp.idToken(), steppedUp.reason());
        if (answer.ok()) {
            LOG.info("Step-up approval by {} recorded as decision {}", steppedUp.identity(), answer.body().path("decisionId").asText());
            ex.html(200, LoginPage.page("Approved", "<h2>Approval recorded</h2>\n<p id=\"approved\">Your approval of request "
                    + LoginPage.escape(answer.body().path("requestId").asText()) + " is recorded with your sign-in."
                    + " The agent gets the verdict once every required approver has decided.</p>\n"));
        } else {
            LOG.info("Step-up approval by {} refused: HTTP {} {}", steppedUp.identity(), answer.status(), answer.body().path("error").asText());
            ex.html(answer.status() >= 500 ? 503 : answer.status(), LoginPage.notice("Approval not recorded", answer.message()));
        }
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> v = form.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
