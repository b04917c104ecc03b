package io.countersign.oidc;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The key cache both token checkers share (an identity provider's keys, the Bot Framework's): keys held until
 * {@code maxAge}, refetched for unknown ids at most once per cooldown, kept when a refresh fails; and documents bounded
 * in size, so a publisher (or whoever answers at its address) cannot make the verifier buffer an unbounded body.
 */
class KeyCacheTest {

    private final Instant start = Instant.parse("2026-12-02T10:00:00Z");
    private final MutableClock clock = new MutableClock(start);

    @Test
    void keysAreKeptWhenARefreshFailsAndRefreshedAgainOnceTheCooldownHasPassed() {
        Deque<Object> answers = new ArrayDeque<>();
        answers.add(Map.of("k1", "key one"));
        answers.add(new IOException("publisher down"));
        answers.add(Map.of("k1", "key one", "k2", "key two"));
        int[] fetches = {0};
        KeyCache<String> cache = new KeyCache<>("a test publisher", () -> {
            fetches[0]++;
            Object next = answers.poll();
            if (next instanceof Exception e) {
                throw e;
            }
            @SuppressWarnings("unchecked")
            Map<String, String> keys = (Map<String, String>) next;
            return keys;
        }, clock, Duration.ofHours(1), Duration.ofSeconds(30));

        assertThat(cache.find("k1")).isEqualTo("key one");
        clock.now = start.plus(Duration.ofHours(2));
        assertThat(cache.find("k1")).as("held on through the failed refresh").isEqualTo("key one");
        assertThat(cache.find("k2")).as("within the cooldown of the failed refresh: not fetched again").isNull();
        assertThat(fetches[0]).isEqualTo(2);
        clock.now = clock.now.plusSeconds(31);
        assertThat(cache.find("k2")).isEqualTo("key two");
        assertThat(fetches[0]).isEqualTo(3);
    }

    @Test
    void aDocumentOverHalfAMebibyteIsRefused() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] big = new byte[512 * 1024 + 1];
        server.createContext("/jwks", x -> {
            x.sendResponseHeaders(200, big.length);
            x.getResponseBody().write(big);
            x.close();
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
            assertThatThrownBy(() -> KeyCache.document(HttpClient.newHttpClient(), uri)).isInstanceOf(IOException.class)
                    .hasMessageContaining("larger than 524288 bytes");
        } finally {
            server.stop(0);
        }
    }
}
