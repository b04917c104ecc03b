package io.countersign.approvals.domain;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Addresses of the dashboards' pages a card links to, from the dashboards' base URL (configuration): an
 * intent's full, masked record ({@code <base>#/intents/<id>}) and a dataset's page ({@code <base>#/datasets/<uri>}:
 * labels, lineage, usage). The id or URI is hostile: it is percent-encoded as one segment, so it cannot end the
 * link, add markup or reach another page; one too long for a sensible link gives the dashboards' start page.
 */
public final class DashboardLinks {

    static final int MAX_ID = 300;

    private final String base;

    public DashboardLinks(String dashboardsUrl) {
        this.base = dashboardsUrl.endsWith("/") ? dashboardsUrl : dashboardsUrl + "/";
    }

    public String intent(String intentId) {
        return page("#/intents/", intentId);
    }

    public String dataset(String uri) {
        return page("#/datasets/", uri);
    }

    private String page(String route, String value) {
        String id = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        return id.length() > MAX_ID ? base : base + route + id;
    }
}
