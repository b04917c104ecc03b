package io.countersign.approvalbot.domain;

import io.countersign.approvals.domain.DashboardLinks;

/**
 * Mrkdwn links to the dashboards ({@link DashboardLinks}): an intent's full, masked record, where an
 * approver reads what a chat card had to cut, and a dataset's page (its labels, lineage and usage).
 */
final class RecordLinks {

    private final DashboardLinks links;

    RecordLinks(String dashboardsUrl) {
        this.links = new DashboardLinks(dashboardsUrl);
    }

    String url(String intentId) {
        return links.intent(intentId);
    }

    /** A mrkdwn link to the record of intent {@code intentId}, labelled {@code label}. */
    String record(String intentId, String label) {
        return Mrkdwn.link(url(intentId), label);
    }

    /** A mrkdwn link to the page of dataset {@code uri}, labelled {@code label}. */
    String dataset(String uri, String label) {
        return Mrkdwn.link(links.dataset(uri), label);
    }
}
