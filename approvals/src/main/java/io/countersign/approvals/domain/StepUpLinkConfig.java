package io.countersign.approvals.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.countersign.config.ConfigException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code stepUp:} block of a chat bot's section: where an Approve click on a step-up request sends the
 * approver (the dashboards' step-up page) and the key the one-time link is signed with, the same file as
 * the approval API's {@code ingest.stepUp.linkKeyFile} (made by {@code countersign keys step-up}).
 *
 * <pre>
 * stepUp:
 *   linkKeyFile: /etc/countersign/keys/step-up-link.key
 *   dashboardsUrl: https://countersign.example.com/
 *   linkTtlSeconds: 600
 * </pre>
 *
 * Without it, such a click is answered that the approval needs a step-up no link can be given for.
 */
public record StepUpLinkConfig(@JsonProperty("linkKeyFile") String linkKeyFile, @JsonProperty("dashboardsUrl") String dashboardsUrl,
                               @JsonProperty("linkTtlSeconds") Integer linkTtlSeconds) {

    public StepUpLinkConfig {
        if (linkKeyFile == null || linkKeyFile.isBlank() || dashboardsUrl == null || dashboardsUrl.isBlank()) {
            throw new ConfigException("stepUp needs linkKeyFile (countersign keys step-up; the approval API's ingest.stepUp.linkKeyFile)"
                    + " and dashboardsUrl (where approvers reach the dashboards)");
        }
        linkTtlSeconds = linkTtlSeconds == null ? 600 : linkTtlSeconds;
        if (linkTtlSeconds < 30 || linkTtlSeconds > 3600) {
            throw new ConfigException("stepUp.linkTtlSeconds must be between 30 and 3600");
        }
    }

    /** Where links lead, with the key loaded. */
    public StepUpPage page() throws IOException {
        return new StepUpPage(StepUpLinks.load(Path.of(linkKeyFile), Duration.ofSeconds(linkTtlSeconds)), dashboardsUrl.strip());
    }
}
