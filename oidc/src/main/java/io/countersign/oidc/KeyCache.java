package io.countersign.oidc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Token signing keys fetched from whoever publishes them (an identity provider's JWKS, the Bot Framework's), by key id.
 * The keys are cached for {@code maxAge}. A key id not in the cache triggers a refetch (publishers roll keys over), but
 * at most once per {@code refreshCooldown}, so a stream of made-up key ids cannot make Countersign hammer the
 * publisher. When a refresh fails, the keys already held stay in use. Documents are fetched with {@link #document},
 * which bounds their size.
 *
 * @param <K> what one key is to its user (a JWK, or a key with the channels it is endorsed for)
 */
public final class KeyCache<K> {

    /** Fetches every usable key, by key id; throws when the publisher cannot be read or says something unusable. */
    @FunctionalInterface
    public interface Fetch<K> {
        Map<String, K> keys() throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(KeyCache.class);
    private static final int MAX_DOCUMENT_BYTES = 512 * 1024;

    private final String publisher;
    private final Fetch<K> fetch;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration refreshCooldown;
    private Map<String, K> keys = Map.of();
    private Instant fetchedAt;
    private Instant lastAttempt;

    /** {@code publisher} names who publishes the keys in the log lines, e.g. {@code identity provider https://idp.example}. */
    public KeyCache(String publisher, Fetch<K> fetch, Clock clock, Duration maxAge, Duration refreshCooldown) {
        this.publisher = publisher;
        this.fetch = fetch;
        this.clock = clock;
        this.maxAge = maxAge;
        this.refreshCooldown = refreshCooldown;
    }

    /** The key with id {@code kid}, refreshed as above; null when it is not published (or nothing could be fetched). */
    public synchronized K find(String kid) {
        Instant now = clock.instant();
        if (fetchedAt == null || now.isAfter(fetchedAt.plus(maxAge))) {
            refreshIfAllowed(now);
        }
        K key = keys.get(kid);
        if (key == null && refreshIfAllowed(now)) {
            key = keys.get(kid);
        }
        return key;
    }

    /** Whether no key is held: nothing could be fetched yet (or the publisher publishes none that is usable). */
    public synchronized boolean isEmpty() {
        return keys.isEmpty();
    }

    private boolean refreshIfAllowed(Instant now) {
        if (lastAttempt != null && now.isBefore(lastAttempt.plus(refreshCooldown))) {
            return false;
        }
        lastAttempt = now;
        try {
            keys = Map.copyOf(fetch.keys());
            fetchedAt = now;
            LOG.info("Fetched {} signing keys of {}", keys.size(), publisher);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.warn("Could not fetch the signing keys of {}: {}", publisher, e.toString());
            return false;
        }
    }

    /**
     * The document at {@code uri} as text: HTTP 200 and at most 512 KiB, or an IOException saying what was wrong. At most
     * one byte beyond the limit is read; closing the stream then drops the rest, so a larger body is never buffered.
     */
    public static String document(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + " from " + uri);
            }
            byte[] body = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
            if (body.length > MAX_DOCUMENT_BYTES) {
                throw new IOException("the document at " + uri + " is larger than " + MAX_DOCUMENT_BYTES + " bytes");
            }
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
