package io.countersign.teamsbot.adapter.in;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The Bot Framework's token signing keys, as Microsoft documents for connector-to-bot authentication: the
 * OpenID metadata document names a {@code jwks_uri}; the keys there (with each key's {@code endorsements},
 * the channels it may sign for) are cached for {@code maxAge} (the keys roll over days, so a daily refresh
 * is what Microsoft recommends). A token signed with a key not in the cache triggers a refetch, but at most
 * once per {@code refreshCooldown}, so a stream of forged key ids cannot make the bot hammer Microsoft's
 * endpoints. When a refresh fails, the keys already held stay in use.
 */
public final class OpenIdKeys {

    private static final Logger LOG = LoggerFactory.getLogger(OpenIdKeys.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MIN_RSA_BITS = 2048;

    /** One RSA signing key and the channels it is endorsed for (null: the key carries no endorsements). */
    public record SigningKey(RSAKey key, Set<String> endorsements) {
    }

    private final HttpClient http;
    private final URI metadataUrl;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration refreshCooldown;
    private Map<String, SigningKey> keys = Map.of();
    private Instant fetchedAt;
    private Instant lastAttempt;

    public OpenIdKeys(HttpClient http, URI metadataUrl, Clock clock, Duration maxAge, Duration refreshCooldown) {
        this.http = http;
        this.metadataUrl = metadataUrl;
        this.clock = clock;
        this.maxAge = maxAge;
        this.refreshCooldown = refreshCooldown;
    }

    /** The key with id {@code kid}; an AuthenticationException when it is unknown or no keys can be fetched. */
    public synchronized SigningKey find(String kid) throws AuthenticationException {
        Instant now = clock.instant();
        if (fetchedAt == null || now.isAfter(fetchedAt.plus(maxAge))) {
            refreshIfAllowed(now);
        }
        SigningKey key = keys.get(kid);
        if (key == null && refreshIfAllowed(now)) {
            key = keys.get(kid);
        }
        if (key == null) {
            throw new AuthenticationException(keys.isEmpty() ? "no Bot Framework signing keys available" : "token signed with an unknown key");
        }
        return key;
    }

    private boolean refreshIfAllowed(Instant now) {
        if (lastAttempt != null && now.isBefore(lastAttempt.plus(refreshCooldown))) {
            return false;
        }
        lastAttempt = now;
        try {
            keys = fetch();
            fetchedAt = now;
            LOG.info("Fetched {} Bot Framework signing keys from {}", keys.size(), metadataUrl);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not fetch the Bot Framework signing keys from {}: {}", metadataUrl, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Map<String, SigningKey> fetch() throws IOException, InterruptedException {
        JsonNode metadata = get(metadataUrl);
        JsonNode jwksUri = metadata.get("jwks_uri");
        if (jwksUri == null || !jwksUri.isTextual()) {
            throw new IOException("the OpenID metadata document has no jwks_uri");
        }
        Map<String, SigningKey> fetched = new HashMap<>();
        for (JsonNode jwk : get(URI.create(jwksUri.asText())).path("keys")) {
            SigningKey key = parse(jwk);
            if (key != null) {
                fetched.put(key.key().getKeyID(), key);
            }
        }
        return Map.copyOf(fetched);
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

    private JsonNode get(URI uri) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + uri);
        }
        return JSON.readTree(response.body());
    }
}
