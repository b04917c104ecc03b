package io.countersign.dashboards.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Signed session cookies: idle and maximum age, renewal, forgery, sign-out, and sharing between instances by key. */
class SessionsTest {

    private static final byte[] KEY = "a shared 32-byte session key....".getBytes();
    private final TestClock clock = new TestClock();
    private final Person ana = new Person("ana@example.com", Set.of(Role.ANALYST));

    private Sessions instance(byte[] key) {
        return new Sessions(new SessionKey(key), Duration.ofMinutes(30), Duration.ofHours(2), clock);
    }

    @Test
    void aSessionSlidesWhileActiveAndEndsWhenIdleOrAtItsMaximumAge() {
        Sessions sessions = instance(KEY);
        String token = sessions.start(ana);
        assertThat(sessions.find(token)).map(s -> s.user()).contains(ana);
        assertThat(sessions.renewal(sessions.find(token).orElseThrow())).as("just issued").isEmpty();
        for (int i = 0; i < 4; i++) {
            clock.now = clock.now.plus(Duration.ofMinutes(29));
            token = sessions.renewal(sessions.find(token).orElseThrow()).orElseThrow();
        }
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        assertThat(sessions.find(token)).as("past the maximum age, however active").isEmpty();

        String idle = sessions.start(ana);
        clock.now = clock.now.plus(Duration.ofMinutes(31));
        assertThat(sessions.find(idle)).as("idle too long").isEmpty();
    }

    @Test
    void aForgedOrAlteredCookieIsRefused() {
        Sessions sessions = instance(KEY);
        String token = sessions.start(ana);
        String payload = token.substring(0, token.lastIndexOf('~'));
        String asAuditor = payload.replace("ANALYST", "AUDITOR") + token.substring(token.lastIndexOf('~'));
        assertThat(sessions.find(asAuditor)).isEmpty();
        assertThat(sessions.find(token + "x")).isEmpty();
        assertThat(sessions.find(payload)).isEmpty();
        assertThat(sessions.find(instance("another key of thirty-two bytes!".getBytes()).start(ana))).as("signed with another key").isEmpty();
        assertThat(sessions.find(null)).isEmpty();
        assertThat(sessions.find(Base64.getEncoder().encodeToString(new byte[64]))).isEmpty();
    }

    @Test
    void anotherInstanceWithTheSameKeyAcceptsTheSessionAndSignOutEndsItWhereItHappened() {
        Sessions first = instance(KEY);
        Sessions restarted = instance(KEY.clone());
        String token = first.start(ana);
        assertThat(restarted.find(token)).map(Sessions.Session::user).contains(ana);

        restarted.end(token);
        assertThat(restarted.find(token)).as("signed out here").isEmpty();
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        String renewed = first.renewal(first.find(token).orElseThrow()).orElseThrow();
        assertThat(restarted.find(renewed)).as("a renewed cookie of a signed-out session").isEmpty();
        clock.now = clock.now.plus(Duration.ofMinutes(31));
        assertThat(first.find(renewed)).as("elsewhere a copy lives at most the idle time").isEmpty();
    }
}
