package io.countersign.oidc;

import com.nimbusds.jwt.SignedJWT;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ProviderKeys} against a real provider: keys cached, and unknown key ids refetched at most once per cooldown. */
class ProviderKeysTest {

    private MockOAuth2Server provider;

    @BeforeEach
    void start() {
        provider = new MockOAuth2Server();
        provider.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        provider.shutdown();
    }

    /** The requests the provider received since the last call (takeRequest throws once none is left). */
    private int requests() {
        int n = 0;
        while (true) {
            try {
                provider.takeRequest(200, TimeUnit.MILLISECONDS);
                n++;
            } catch (RuntimeException noneLeft) {
                return n;
            }
        }
    }

    @Test
    void unknownKeyIdsAreRefetchedAtMostOncePerCooldown() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        OidcConfig config = OidcConfig.of(provider.issuerUrl("acme").toString(), "countersign");
        ProviderKeys keys = new ProviderKeys(HttpClient.newHttpClient(), config, clock, Duration.ofHours(1), Duration.ofSeconds(30));
        String kid = SignedJWT.parse(provider.issueToken("acme", "s", "countersign").serialize()).getHeader().getKeyID();

        assertThat(keys.find(kid).getKeyID()).isEqualTo(kid);
        assertThat(requests()).as("discovery document and JWKS").isEqualTo(2);
        assertThat(keys.find(kid)).isNotNull();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> keys.find("made-up-" + Math.random())).isInstanceOf(TokenRejectedException.class)
                    .hasMessageContaining("does not publish");
        }
        assertThat(requests()).as("cached, and within the cooldown of the last fetch").isZero();

        clock.now = clock.now.plusSeconds(31);
        assertThatThrownBy(() -> keys.find("made-up")).isInstanceOf(TokenRejectedException.class);
        assertThatThrownBy(() -> keys.find("made-up-again")).isInstanceOf(TokenRejectedException.class);
        assertThat(requests()).as("one refetch after the cooldown").isEqualTo(2);
    }
}
