package io.countersign.dashboards;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.countersign.config.ConfigException;
import io.countersign.dashboards.domain.Role;
import io.countersign.oidc.OidcConfig;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code dashboards.oidc:} block: sign-in with the organisation's OpenID Connect provider
 * (authorization code flow with PKCE), see {@link DashboardsConfig}. The ID token is verified like any
 * token of the {@code oidc} module ({@link OidcConfig}) with the client id as audience. {@code roles}
 * maps the provider's groups (in {@code groupsClaim}) to dashboards roles; someone in none of them is
 * not signed in.
 */
public record DashboardsOidc(
        @JsonProperty("issuer") String issuer,
        @JsonProperty("clientId") String clientId,
        @JsonProperty("clientSecret") String clientSecret,
        @JsonProperty("redirectUrl") String redirectUrl,
        @JsonProperty("scopes") List<String> scopes,
        @JsonProperty("identityClaim") String identityClaim,
        @JsonProperty("groupsClaim") String groupsClaim,
        @JsonProperty("algorithms") List<String> algorithms,
        @JsonProperty("providerName") String providerName,
        @JsonProperty("roles") Map<String, String> roles,
        @JsonProperty("stepUp") StepUp stepUp) {

    /**
     * {@code dashboards.oidc.stepUp}: the step-up approval page. {@code approvalApiUrl} is the ingest gateway
     * the page hands step-up approvals to (its {@code ingest.stepUp.idToken.audience} must be this client id);
     * {@code acrValues}, when set, is asked of the provider ({@code acr_values}) on a step-up sign-in.
     */
    public record StepUp(@JsonProperty("approvalApiUrl") String approvalApiUrl, @JsonProperty("acrValues") String acrValues) {
        public StepUp {
            if (approvalApiUrl == null || approvalApiUrl.isBlank()) {
                throw new ConfigException("dashboards.oidc.stepUp.approvalApiUrl is required: the ingest gateway's URL, e.g. http://127.0.0.1:8088/");
            }
            approvalApiUrl = approvalApiUrl.strip();
            acrValues = acrValues == null || acrValues.isBlank() ? null : acrValues.strip();
        }
    }

    /** Without step-up approvals. */
    public DashboardsOidc(String issuer, String clientId, String clientSecret, String redirectUrl, List<String> scopes, String identityClaim,
                          String groupsClaim, List<String> algorithms, String providerName, Map<String, String> roles) {
        this(issuer, clientId, clientSecret, redirectUrl, scopes, identityClaim, groupsClaim, algorithms, providerName, roles, null);
    }

    /** This block with step-up approvals handed to {@code newStepUp}'s approval API. */
    public DashboardsOidc withStepUp(StepUp newStepUp) {
        return new DashboardsOidc(issuer, clientId, clientSecret, redirectUrl, scopes, identityClaim, groupsClaim, algorithms, providerName,
                roles, newStepUp);
    }

    public DashboardsOidc {
        if (clientId == null || clientId.isBlank()) {
            throw new ConfigException("dashboards.oidc.clientId is required: the client (application) id registered at the provider");
        }
        clientSecret = clientSecret == null || clientSecret.isBlank() ? null : clientSecret;
        if (redirectUrl == null || redirectUrl.isBlank() || !redirectUrl.strip().endsWith("/login/oidc/callback")) {
            throw new ConfigException("dashboards.oidc.redirectUrl is required and ends in /login/oidc/callback, e.g."
                    + " https://countersign.example.com/login/oidc/callback (registered at the provider as a redirect URI)");
        }
        redirectUrl = redirectUrl.strip();
        try {
            URI.create(redirectUrl);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("dashboards.oidc.redirectUrl is not a URL: " + redirectUrl);
        }
        scopes = scopes == null || scopes.isEmpty() ? List.of("openid", "email", "profile") : List.copyOf(scopes);
        if (!scopes.contains("openid")) {
            throw new ConfigException("dashboards.oidc.scopes must include openid");
        }
        providerName = providerName == null || providerName.isBlank() ? "your identity provider" : providerName.strip();
        roles = roles == null ? Map.of() : Map.copyOf(roles);
        if (roles.isEmpty()) {
            throw new ConfigException("dashboards.oidc.roles is empty: map at least one group of the provider to analyst or auditor,"
                    + " e.g. roles: {countersign-auditors: auditor}");
        }
        roleMap(roles);
        verifierConfig(issuer, clientId, algorithms, identityClaim, groupsClaim); // fails early on a bad issuer or algorithm
    }

    /** How the ID token is verified: issuer, audience the client id, algorithms, identity and groups claims. */
    public OidcConfig verification() {
        return verifierConfig(issuer, clientId, algorithms, identityClaim, groupsClaim);
    }

    /** The provider's groups and the role each grants. */
    public Map<String, Role> groupRoles() {
        return roleMap(roles);
    }

    private static OidcConfig verifierConfig(String issuer, String clientId, List<String> algorithms, String identityClaim, String groupsClaim) {
        return new OidcConfig(issuer, clientId, algorithms, identityClaim, groupsClaim);
    }

    private static Map<String, Role> roleMap(Map<String, String> roles) {
        Map<String, Role> out = new LinkedHashMap<>();
        roles.forEach((group, role) -> {
            try {
                out.put(group, Role.valueOf(String.valueOf(role).strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("dashboards.oidc.roles: group " + group + " maps to unknown role '" + role + "' (analyst or auditor)");
            }
        });
        return Map.copyOf(out);
    }
}
