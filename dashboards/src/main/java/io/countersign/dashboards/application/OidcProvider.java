package io.countersign.dashboards.application;

import java.io.IOException;
import java.net.URI;

/** The OpenID provider's two endpoints the sign-in uses, as its discovery document names them. */
public interface OidcProvider {

    /** Where the browser is sent to sign in ({@code authorization_endpoint}). */
    URI authorizationEndpoint() throws IOException;

    /** Exchanges an authorization code at the {@code token_endpoint}; returns the ID token (a JWT). */
    String idToken(String code, String codeVerifier) throws IOException;
}
