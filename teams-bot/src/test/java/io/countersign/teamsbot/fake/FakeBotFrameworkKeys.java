package io.countersign.teamsbot.fake;

import com.nimbusds.jose.jwk.RSAKey;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A loopback fake of the Bot Framework's OpenID metadata document ({@code /v1/.well-known/openidconfiguration})
 * and the JWKS it points to, publishing the public halves of locally minted keys, each optionally with
 * {@code endorsements}. The published keys can be swapped (a key rollover); fetches are counted.
 */
public final class FakeBotFrameworkKeys extends LoopbackServer {

    public static final String METADATA_PATH = "/v1/.well-known/openidconfiguration";
    private final AtomicInteger metadataFetches = new AtomicInteger();
    private final AtomicInteger keyFetches = new AtomicInteger();
    private volatile String jwks = "{\"keys\":[]}";

    public FakeBotFrameworkKeys() throws IOException {
        server.createContext(METADATA_PATH, exchange -> {
            metadataFetches.incrementAndGet();
            answer(exchange, 200, "{\"issuer\":\"https://api.botframework.com\",\"jwks_uri\":\"" + url("/v1/.well-known/keys")
                    + "\",\"id_token_signing_alg_values_supported\":[\"RS256\"]}");
        });
        server.createContext("/v1/.well-known/keys", exchange -> {
            keyFetches.incrementAndGet();
            answer(exchange, 200, jwks);
        });
    }

    /** Publishes exactly {@code keys} (public halves), each with its endorsements if the map names any. */
    public void publish(List<RSAKey> keys, Map<String, List<String>> endorsementsByKid) {
        jwks = keys.stream().map(k -> {
            String json = k.toPublicJWK().toJSONString();
            List<String> endorsements = endorsementsByKid.get(k.getKeyID());
            if (endorsements == null) {
                return json;
            }
            String list = endorsements.stream().map(e -> "\"" + e + "\"").collect(Collectors.joining(","));
            return json.substring(0, json.length() - 1) + ",\"endorsements\":[" + list + "]}";
        }).collect(Collectors.joining(",", "{\"keys\":[", "]}"));
    }

    public int metadataFetches() {
        return metadataFetches.get();
    }

    public int keyFetches() {
        return keyFetches.get();
    }
}
