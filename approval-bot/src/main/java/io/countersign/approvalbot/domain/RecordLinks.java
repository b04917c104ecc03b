package io.countersign.approvalbot.domain;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Links to an intent's full, masked record in the dashboards ({@code <base>#/intents/<id>}, the
 * dashboards' route for one intent), where an approver reads what a chat card had to cut, and to a
 * dataset's page ({@code <base>#/datasets/<uri>}: its labels, lineage and usage). The id or URI is
 * percent-encoded, so it cannot end the link or add markup; one too long for a sensible link gives
 * the dashboards' start page instead.
 */
final class RecordLinks {

    private static final int MAX_ID = 300;

    private final String base;

    RecordLinks(String dashboardsUrl) {
        this.base = dashboardsUrl.endsWith("/") ? dashboardsUrl : dashboardsUrl + "/";
    }

    String url(String intentId) {
        return page("#/intents/", intentId);
    }

    /** A mrkdwn link to the page of dataset {@code uri}, labelled {@code label}. */
    String dataset(String uri, String label) {
        return Mrkdwn.link(page("#/datasets/", uri), label);
    }

    private String page(String route, String value) {
        String id = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        return id.length() > MAX_ID ? base : base + route + id;
    }

    /** A mrkdwn link to the record of intent {@code intentId}, labelled {@code label}. */
    String record(String intentId, String label) {
        return Mrkdwn.link(url(intentId), label);
    }
}
