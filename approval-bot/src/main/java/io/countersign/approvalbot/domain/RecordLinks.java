package io.countersign.approvalbot.domain;

import io.countersign.schema.ApprovalRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Links to an intent's full, masked record in the dashboards ({@code <base>#/intents/<id>}, the
 * dashboards' route for one intent), where an approver reads what a chat card had to cut. The id is
 * percent-encoded, so it cannot end the link or add markup; an id too long for a sensible link gives
 * the dashboards' start page instead.
 */
final class RecordLinks {

    private static final int MAX_ID = 300;

    private final String base;

    RecordLinks(String dashboardsUrl) {
        this.base = dashboardsUrl.endsWith("/") ? dashboardsUrl : dashboardsUrl + "/";
    }

    String url(ApprovalRequest r) {
        String id = URLEncoder.encode(r.getIntentId(), StandardCharsets.UTF_8).replace("+", "%20");
        return id.length() > MAX_ID ? base : base + "#/intents/" + id;
    }

    /** A mrkdwn link to the request's record, labelled {@code label}. */
    String record(ApprovalRequest r, String label) {
        return Mrkdwn.link(url(r), label);
    }
}
