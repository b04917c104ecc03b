package io.countersign.dashboards.application.port.out;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;

/**
 * The approval API's step-up endpoints, as the dashboards' step-up page uses them: what a one-time link is
 * for, and the approval itself with the ID token of a fresh sign-in. The approval API makes every check;
 * the dashboards only carry the person there and show the answer.
 */
public interface StepUpApprovals {

    /** The approval API's answer: its HTTP status and JSON body (an error body has {@code error} and {@code message}). */
    record Answer(int status, JsonNode body) {
        public boolean ok() {
            return status / 100 == 2;
        }

        public String message() {
            return body.path("message").asText("the approval API answered HTTP " + status);
        }
    }

    /** {@code GET /v1/step-up?link=}: the masked request the link is for. */
    Answer view(String link) throws IOException;

    /** {@code POST /v1/step-up}: approves with the ID token of a fresh sign-in. */
    Answer approve(String link, String idToken, String reason) throws IOException;
}
