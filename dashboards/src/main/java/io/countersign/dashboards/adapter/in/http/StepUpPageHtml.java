package io.countersign.dashboards.adapter.in.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The body of the step-up page: what the approver is about to approve, as the approval API's masked view
 * has it, and the form that starts the sign-in. Every value is agent or person text: all of it is escaped.
 */
final class StepUpPageHtml {

    private StepUpPageHtml() {
    }

    static String render(JsonNode view, String link) {
        JsonNode a = view.path("approval");
        List<String> targets = new ArrayList<>();
        a.path("targets").forEach(t -> {
            List<String> labels = new ArrayList<>();
            t.path("labels").forEach(l -> labels.add(l.asText()));
            targets.add(t.path("dataset").asText() + (labels.isEmpty() ? "" : " (" + String.join(", ", labels) + ")"));
        });
        List<String> rules = new ArrayList<>();
        a.path("matchedRules").forEach(r -> rules.add(r.isTextual() ? r.asText() : r.path("ruleId").asText(r.toString())));
        boolean reasonRequired = a.path("requireReasonOnApprove").asBoolean(false);
        StringBuilder html = new StringBuilder();
        // A link for a request without step-up was sent so the identity provider confirms the approver's group.
        html.append(a.path("stepUp").asBoolean(true)
                ? "<h2>Approve with multi-factor sign-in</h2>\n<p>This request needs a fresh multi-factor sign-in to approve."
                : "<h2>Approve with your identity provider</h2>\n<p>Your identity provider must confirm that you are in an approver"
                + " group for this request.")
                .append(" You will be asked to sign in again at your identity provider; the approval is recorded with how you signed in.</p>\n<dl id=\"request\">\n");
        row(html, "Action", a.path("action").asText());
        row(html, "Agent", a.path("agent").asText());
        row(html, "On behalf of", a.path("principal").asText());
        row(html, "Targets", String.join("; ", targets));
        row(html, "Destination", a.path("destination").path("uri").asText(""));
        row(html, "Agent's reason", a.path("reason").asText(""));
        row(html, "Rules", String.join(", ", rules));
        row(html, "Approvals", a.path("decisionsSoFar").asInt() + " of " + a.path("quorum").asInt());
        row(html, "Approver", view.path("approver").asText());
        row(html, "Link valid until", view.path("linkExpiresAt").asText());
        html.append("</dl>\n<form method=\"post\" action=\"/step-up\">\n<input type=\"hidden\" name=\"link\" value=\"")
                .append(LoginPage.escape(link)).append("\">\n<label for=\"reason\">Reason").append(reasonRequired ? " (required)" : " (optional)")
                .append("</label>\n<input id=\"reason\" name=\"reason\" maxlength=\"1000\"").append(reasonRequired ? " required" : "")
                .append(">\n<button type=\"submit\" id=\"step-up\">Sign in again and approve</button>\n</form>\n"
                        + "<p>To deny, use Deny in Slack or Teams, or the approval API: denials need no step-up.</p>\n");
        return html.toString();
    }

    private static void row(StringBuilder html, String name, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        html.append("<dt>").append(name).append("</dt><dd>").append(LoginPage.escape(value)).append("</dd>\n");
    }
}
