package io.countersign.mcpgateway.adapter.out;

import io.countersign.mcpgateway.application.port.out.CallerGates;
import io.countersign.mcpgateway.application.port.out.IntentGate;
import io.countersign.sdk.AuthenticationException;
import io.countersign.sdk.Caller;
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

/**
 * {@link CallerGates} through the ingest gateway: a key is checked by asking the gateway what it is
 * ({@code GET /v1/me}: 401 or 403 refused; 200 a key the gateway accepts, with its owner), at most once per
 * {@link #RECHECK} per key, so a revoked key stops working within it (a key without the agent role passes here
 * and has its calls refused by the ingest gateway at submission). Each accepted key gets its own SDK client and a
 * {@link CountersignIntentGate} per principal: the key's owner by default (the human the agent acts for: the one
 * principal every key may name), or a principal the agent names that {@code /v1/me} lists for the key (the ingest
 * gateway checks every intent's principal again; at most {@link #MAX_PRINCIPALS} per key are kept). Keys are held only by
 * their clients, the cache is keyed by the key's SHA-256 and bounded ({@link #MAX_KEYS}, least recently used
 * dropped). Logs hashes' prefixes, never keys.
 */
public final class CountersignCallerGates implements CallerGates, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CountersignCallerGates.class);
    static final Duration RECHECK = Duration.ofSeconds(60);
    static final int MAX_KEYS = 1_000;

    static final int MAX_PRINCIPALS = 32;

    /** A checked key: its client, what the ingest gateway says it is, and its gates by principal. */
    private record Entry(Countersign client, Caller caller, Map<String, IntentGate> gates, long checkedAt) {
    }

    private final URI gatewayUrl;
    private final String environment;
    private final InstantSource clock;
    private final Map<String, Entry> keys = new LinkedHashMap<>(16, 0.75f, true);

    public CountersignCallerGates(URI gatewayUrl, String environment, InstantSource clock) {
        this.gatewayUrl = gatewayUrl;
        this.environment = environment;
        this.clock = clock;
    }

    @Override
    public synchronized Optional<IntentGate> forKey(String apiKey, String principal) throws IntentGate.GateException, PrincipalNotAllowed {
        Optional<Entry> checked = checked(apiKey);
        if (checked.isEmpty()) {
            return Optional.empty();
        }
        Entry e = checked.get();
        String p = principal == null || principal.isBlank() ? e.caller().owner() : principal.strip();
        if (!e.caller().anyPrincipal() && !e.caller().principals().contains(p)) {
            throw new PrincipalNotAllowed("this key may act only for " + String.join(", ", e.caller().principals())
                    + "; send one of them in " + PRINCIPAL_HEADER + " (or none, for the key's owner), or ask the operator to list"
                    + " the principal for the key");
        }
        return Optional.of(e.gates().computeIfAbsent(p, x -> new CountersignIntentGate(e.client(), x, environment)));
    }

    private Optional<Entry> checked(String apiKey) throws IntentGate.GateException {
        String hash = sha256(apiKey);
        long now = clock.millis();
        Entry e = keys.get(hash);
        if (e != null && now - e.checkedAt() < RECHECK.toMillis()) {
            return Optional.of(e);
        }
        Countersign client = e != null ? e.client() : Countersign.connect(gatewayUrl, apiKey);
        Caller caller;
        try {
            caller = client.caller();
        } catch (AuthenticationException | PermissionDeniedException refused) {
            keys.remove(hash);
            client.close();
            LOG.info("HTTP agent key {}… refused by the ingest gateway (HTTP {})", hash.substring(0, 8), refused.httpStatus());
            return Optional.empty();
        } catch (CountersignException other) {
            if (e == null) {
                client.close();
            }
            throw new IntentGate.GateException("the ingest gateway could not check the key: " + other.getMessage());
        }
        if (caller.owner() == null) {
            if (e == null) {
                client.close();
            }
            throw new IntentGate.GateException("the ingest gateway named no owner for the key");
        }
        // What the key may act for may change with a reissued keys file: gates made before are then not kept.
        boolean same = e != null && caller.owner().equals(e.caller().owner()) && caller.principals().equals(e.caller().principals())
                && caller.anyPrincipal() == e.caller().anyPrincipal();
        Entry checked = new Entry(client, caller, same ? e.gates() : gates(), now);
        keys.put(hash, checked);
        if (keys.size() > MAX_KEYS) {
            var eldest = keys.entrySet().iterator().next();
            eldest.getValue().client().close();
            keys.remove(eldest.getKey());
        }
        return Optional.of(checked);
    }

    /** Gates by principal, least recently used dropped beyond {@link #MAX_PRINCIPALS} (a key that may name anyone). */
    private static Map<String, IntentGate> gates() {
        return new LinkedHashMap<>(4, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, IntentGate> eldest) {
                return size() > MAX_PRINCIPALS;
            }
        };
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
