package io.countersign.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.countersign.approvals.domain.StepUpLinks;
import io.countersign.approvals.domain.StepUpPage;
import io.countersign.approvals.domain.StepUpRequirement;
import io.countersign.config.ConfigException;
import io.countersign.oidc.OidcConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The {@code ingest.stepUp:} section: how the approval API verifies step-up approvals, for review rules
 * with {@code stepUp: true}.
 *
 * <pre>
 * stepUp:
 *   linkKeyFile: /etc/countersign/keys/step-up-link.key   # shared with the Slack and Teams bots (countersign keys step-up)
 *   linkTtlSeconds: 600          # how long a link the approval API hands out stays valid
 *   dashboardsUrl: https://countersign.example.com/   # where the step-up page is, as approvers reach it
 *   maxAgeSeconds: 300           # the ID token's auth_time may be at most this old
 *   mfaAmr: [mfa, otp, hwk, swk] # amr values that show multi-factor authentication (default: RFC 8176's second factors)
 *   mfaAcr: []                   # or acr values that do (e.g. your provider's MFA level)
 *   idToken:                     # the provider and the dashboards' client: ID tokens are verified against it
 *     issuer: https://login.example.com/realms/acme
 *     audience: countersign-dashboards   # the dashboards' OIDC client id (an ID token's aud)
 *     identityClaim: email
 * </pre>
 *
 * <p>Without this section an approve of a step-up request is refused with 403 {@code step_up_required}
 * by every channel, and the pipeline refuses it too: step-up cannot be skipped by leaving it unconfigured.
 */
public record StepUpConfig(
        @JsonProperty("linkKeyFile") String linkKeyFile,
        @JsonProperty("linkTtlSeconds") Integer linkTtlSeconds,
        @JsonProperty("dashboardsUrl") String dashboardsUrl,
        @JsonProperty("maxAgeSeconds") Integer maxAgeSeconds,
        @JsonProperty("mfaAmr") List<String> mfaAmr,
        @JsonProperty("mfaAcr") List<String> mfaAcr,
        @JsonProperty("idToken") OidcConfig idToken) {

    public StepUpConfig {
        if (linkKeyFile == null || linkKeyFile.isBlank()) {
            throw new ConfigException("ingest.stepUp.linkKeyFile is required: the key step-up links are signed with,"
                    + " shared with the bots (countersign keys step-up)");
        }
        if (dashboardsUrl == null || dashboardsUrl.isBlank()) {
            throw new ConfigException("ingest.stepUp.dashboardsUrl is required: the dashboards' address as approvers reach it");
        }
        if (idToken == null) {
            throw new ConfigException("ingest.stepUp.idToken is required: the identity provider (issuer) and the dashboards'"
                    + " client id (audience) that step-up ID tokens are verified against");
        }
        linkTtlSeconds = linkTtlSeconds == null ? 600 : linkTtlSeconds;
        maxAgeSeconds = maxAgeSeconds == null ? 300 : maxAgeSeconds;
        if (linkTtlSeconds < 30 || linkTtlSeconds > 3600 || maxAgeSeconds < 10 || maxAgeSeconds > 3600) {
            throw new ConfigException("ingest.stepUp.linkTtlSeconds must be 30-3600 and maxAgeSeconds 10-3600");
        }
        mfaAmr = mfaAmr == null || mfaAmr.isEmpty() ? StepUpRequirement.DEFAULT_MFA_AMR : List.copyOf(mfaAmr);
        mfaAcr = mfaAcr == null ? List.of() : List.copyOf(mfaAcr);
    }

    public StepUpRequirement requirement() {
        return new StepUpRequirement(Duration.ofSeconds(maxAgeSeconds), Set.copyOf(mfaAmr), Set.copyOf(mfaAcr));
    }

    public StepUpLinks links() throws IOException {
        return StepUpLinks.load(Path.of(linkKeyFile), Duration.ofSeconds(linkTtlSeconds));
    }

    public StepUpPage page() throws IOException {
        return new StepUpPage(links(), dashboardsUrl.strip());
    }
}
