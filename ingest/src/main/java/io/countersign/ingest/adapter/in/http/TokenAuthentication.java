package io.countersign.ingest.adapter.in.http;

import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.Identity;
import io.countersign.ingest.domain.ApiKeys;
import io.countersign.ingest.domain.Credential;
import io.countersign.ingest.domain.Role;
import io.countersign.oidc.TokenRejectedException;
import io.countersign.oidc.TokenVerifier;
import io.countersign.oidc.VerifiedToken;
import org.eclipse.jetty.http.HttpHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * Approvers' access tokens from the organisation's OpenID provider (the gateway's {@code ingest.oidc}):
 * a bearer JWT is verified by {@link TokenVerifier}, and its holder becomes an approver credential whose
 * identity comes from the configured claim: an e-mail address is looked up in the approver directory
 * ({@link Directory#byEmail}, else {@code user:<email>}), any other claim (e.g. {@code sub}) is
 * {@code user:<value>}. Such a caller may use only the approval API: a token proves a person, never an
 * agent, so it can neither submit intents nor read them.
 */
public final class TokenAuthentication {

    private static final Logger LOG = LoggerFactory.getLogger(TokenAuthentication.class);

    private final TokenVerifier verifier;
    private final Directory directory;

    public TokenAuthentication(TokenVerifier verifier, Directory directory) {
        this.verifier = verifier;
        this.directory = directory;
    }

    /** Whether {@code bearer} is for this class (a JWT) rather than an API key. */
    static boolean isToken(String bearer) {
        return TokenVerifier.looksLikeJwt(bearer.strip());
    }

    /** Verifies the token and sets the caller; 401 naming the failed check, 403 outside the approval API. */
    void authenticate(Exchange x, String bearer, String[] segments) {
        VerifiedToken token;
        try {
            token = verifier.verify(bearer);
        } catch (TokenRejectedException e) {
            LOG.info("Access token refused: {}", e.getMessage());
            x.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"countersign\", error=\"invalid_token\"");
            throw new HttpProblem(401, "unauthenticated", "the access token was refused: " + e.getMessage());
        }
        Identity approver = identity(token, directory, verifier.config().identityClaim());
        x.caller = new Credential("token-" + ApiKeys.hash(verifier.config().issuer() + " " + token.subject()).substring(0, 8),
                approver, approver, Set.of(Role.APPROVER));
        x.token = token;
        if (segments.length < 2 || !segments[0].equals("v1") || !segments[1].equals("approvals")) {
            throw new HttpProblem(403, "forbidden", "an identity provider's access token may call only the approval API"
                    + " (/v1/approvals); agents and services use API keys");
        }
    }

    /** The approver a verified token names through its identity claim {@code claim}; 401 when it names nobody usable. */
    static Identity identity(VerifiedToken token, Directory directory, String claim) {
        String value = token.identity().strip();
        try {
            if (value.contains("@") && !value.contains(":")) {
                return directory.byEmail(value).orElseGet(() -> Identity.of("user:" + value));
            }
            return Identity.of("user:" + value);
        } catch (IllegalArgumentException e) {
            throw new HttpProblem(401, "unauthenticated", "the token's " + claim
                    + " claim is not a usable identity; ask the operator which identityClaim to configure");
        }
    }
}
