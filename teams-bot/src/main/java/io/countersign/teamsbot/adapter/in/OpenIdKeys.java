package io.countersign.teamsbot.adapter.in;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.RSAKey;
import io.countersign.oidc.KeyCache;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The Bot Framework's token signing keys, as Microsoft documents for connector-to-bot authentication: the
 * OpenID metadata document names a {@code jwks_uri}; the keys there, with each key's {@code endorsements} (the
 * channels it may sign for), are held in a {@link KeyCache}: cached for {@code maxAge} (the keys roll over in days,
 * so a daily refresh is what Microsoft recommends), refetched for a key id not in the cache at most once per
 * {@code refreshCooldown}, so a stream of forged key ids cannot make the bot hammer Microsoft's endpoints, and kept
 * when a refresh fails.
 */
public final class OpenIdKeys {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MIN_RSA_BITS = 2048;

    /** One RSA signing key and the channels it is endorsed for (null: the key carries no endorsements). */
    public record SigningKey(RSAKey key, Set<String> endorsements) {
    }

    private final HttpClient http;
    private final URI metadataUrl;
    private final KeyCache<SigningKey> keys;

    public OpenIdKeys(HttpClient http, URI metadataUrl, Clock clock, Duration maxAge, Duration refreshCooldown) {
        this.http = http;
        this.metadataUrl = metadataUrl;
        this.keys = new KeyCache<>("the Bot Framework at " + metadataUrl, this::fetch, clock, maxAge, refreshCooldown);
    }

    /** The key with id {@code kid}; an AuthenticationException when it is unknown or no keys can be fetched. */
    public SigningKey find(String kid) throws AuthenticationException {
        SigningKey key = keys.find(kid);
        if (key == null) {
            throw new AuthenticationException(keys.isEmpty() ? "no Bot Framework signing keys available" : "token signed with an unknown key");
        }
        return key;
    }

    private Map<String, SigningKey> fetch() throws IOException, InterruptedException {
        JsonNode metadata = JSON.readTree(KeyCache.document(http, metadataUrl));
        JsonNode jwksUri = metadata.get("jwks_uri");
        if (jwksUri == null || !jwksUri.isTextual()) {
            throw new IOException("the OpenID metadata document has no jwks_uri");
        }
        Map<String, SigningKey> fetched = new HashMap<>();
        for (JsonNode jwk : JSON.readTree(KeyCache.document(http, URI.create(jwksUri.asText()))).path("keys")) {
            SigningKey key = parse(jwk);
            if (key != null) {
                fetched.put(key.key().getKeyID(), key);
            }
        }
        return fetched;
    }

    /** An RSA signature key with an id and at least 2048 bits, or null (other keys are skipped). */
    private static SigningKey parse(JsonNode jwk) {
        if (!"RSA".equals(jwk.path("kty").asText()) || !jwk.path("kid").isTextual()
                || (jwk.has("use") && !"sig".equals(jwk.path("use").asText()))) {
            return null;
        }
        try {
            RSAKey key = RSAKey.parse(jwk.toString());
            if (key.size() < MIN_RSA_BITS) {
                return null;
            }
            Set<String> endorsements = null;
            if (jwk.has("endorsements")) {
                endorsements = new LinkedHashSet<>();
                for (JsonNode e : jwk.get("endorsements")) {
                    endorsements.add(e.asText());
                }
            }
            return new SigningKey(key, endorsements == null ? null : Set.copyOf(endorsements));
        } catch (ParseException e) {
            return null;
        }
    }
}
