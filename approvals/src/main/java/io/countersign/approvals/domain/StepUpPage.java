package io.countersign.approvals.domain;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a step-up link leads: the dashboards' step-up page ({@code <dashboardsUrl>step-up?link=<token>}),
 * which shows the masked request, has the approver sign in again at the identity provider with
 * multi-factor authentication, and hands the resulting ID token with the link to the approval API.
 */
public record StepUpPage(StepUpLinks links, String dashboardsUrl) {

    public StepUpPage {
        Objects.requireNonNull(links, "links");
        Objects.requireNonNull(dashboardsUrl, "dashboardsUrl");
        dashboardsUrl = dashboardsUrl.endsWith("/") ? dashboardsUrl : dashboardsUrl + "/";
    }

    /** A new one-time link for {@code approver} to approve {@code requestId}, and when it expires. */
    public Offer offer(String requestId, Identity approver, Instant now) {
        String token = links.issue(requestId, approver, now);
        return new Offer(dashboardsUrl + "step-up?link=" + URLEncoder.encode(token, StandardCharsets.UTF_8), now.plus(links.ttl()));
    }

    /** A link and its expiry. */
    public record Offer(String url, Instant expiresAt) {
    }
}
