package io.countersign.mcpgateway.adapter.out;

import io.countersign.mcpgateway.application.port.out.CallerGates;
import io.countersign.mcpgateway.application.port.out.IntentGate;
import io.countersign.sdk.AuthenticationException;
import io.countersign.sdk.Countersign;
import io.countersign.sdk.CountersignException;
import io.countersign.sdk.PermissionDeniedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link CallerGates} through the ingest gateway: a key is checked by asking the gateway for the status of an
 * intent id nobody has (401 or 403: refused; 404: a key the gateway accepts), at most once per
 * {@link #RECHECK} per key, so a revoked key stops working within it (a key without the agent role passes here
 * and has its calls refused by the ingest gateway at submission). Each accepted key gets its own SDK
 * client and {@link CountersignIntentGate}; keys are held only by their clients, the cache is keyed by the
 * key's SHA-256 and bounded ({@link #MAX_KEYS}, least recently used dropped). Logs hashes' prefixes, never keys.
 */
public final class CountersignCallerGates implements CallerGates, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CountersignCallerGates.class);
    static final Duration RECHECK = Duration.ofSeconds(60);
    static final int MAX_KEYS = 1_000;

    private record Entry(Countersign client, IntentGate gate, long checkedAt) {
    }

    private final URI gatewayUrl;
    private final String principal;
    private final String environment;
    private final InstantSource clock;
    private final Map<String, Entry> keys = new LinkedHashMap<>(16, 0.75f, true);

    public CountersignCallerGates(URI gatewayUrl, String principal, String environment, InstantSource clock) {
        this.gatewayUrl = gatewayUrl;
        this.principal = principal;
        this.environment = environment;
        this.clock = clock;
    }

    @Override
    public synchronized Optional<IntentGate> forKey(String apiKey) throws IntentGate.GateException {
        String hash = sha256(apiKey);
        long now = clock.millis();
        Entry e = keys.get(hash);
        if (e != null && now - e.checkedAt() < RECHECK.toMillis()) {
            return Optional.of(e.gate());
        }
        Countersign client = e != null ? e.client() : Countersign.connect(gatewayUrl, apiKey);
        try {
            client.handle(UUID.randomUUID().toString()).status();
            throw new IntentGate.GateException("the ingest gateway answered a status for a random intent id");
        } catch (AuthenticationException | PermissionDeniedException refused) {
            keys.remove(hash);
            client.close();
            LOG.info("HTTP agent key {}… refused by the ingest gateway (HTTP {})", hash.substring(0, 8), refused.httpStatus());
            return Optional.empty();
        } catch (CountersignException other) {
            if (other.httpStatus() != 404) {
                if (e == null) {
                    client.close();
                }
                throw new IntentGate.GateException("the ingest gateway could not check the key: " + other.getMessage());
            }
        }
        Entry checked = new Entry(client, e != null ? e.gate() : new CountersignIntentGate(client, principal, environment), now);
        keys.put(hash, checked);
        if (keys.size() > MAX_KEYS) {
            var eldest = keys.entrySet().iterator().next();
            eldest.getValue().client().close();
            keys.remove(eldest.getKey());
        }
        return Optional.of(checked.gate());
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        keys.values().forEach(e -> e.client().close());
        keys.clear();
    }
}
