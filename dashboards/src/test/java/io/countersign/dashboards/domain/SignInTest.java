package io.countersign.dashboards.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Password hashes and sign-in with lockout. */
class SignInTest {

    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    @Test
    void aHashIsSaltedCarriesItsWorkFactorAndChecksOnlyTheRightPassword() {
        String a = PasswordHash.hash(PASSWORD, 1_000);
        String b = PasswordHash.hash(PASSWORD, 1_000);
        assertThat(a).startsWith("pbkdf2-sha256$1000$").isNotEqualTo(b);
        assertThat(PasswordHash.matches(PASSWORD, a)).isTrue();
        assertThat(PasswordHash.matches("correct horse battery stapler".toCharArray(), a)).isFalse();
        assertThat(PasswordHash.matches(PASSWORD, "plain-text")).isFalse();
        assertThat(PasswordHash.matches(PASSWORD, "pbkdf2-sha256$x$y$z")).isFalse();
        assertThat(PasswordHash.hash(PASSWORD)).startsWith("pbkdf2-sha256$600000$");
        assertThatThrownBy(() -> PasswordHash.hash("short".toCharArray(), 1_000)).hasMessageContaining("12 characters");
    }

    @Test
    void usersAreValidatedAndAnAuditorIsAlsoAnAnalyst() {
        String hash = PasswordHash.hash(PASSWORD, 1_000);
        assertThat(new User("audrey", hash, Set.of(Role.AUDITOR)).may(Role.ANALYST)).isTrue();
        assertThat(new User("ana", hash, Set.of(Role.ANALYST)).may(Role.AUDITOR)).isFalse();
        assertThatThrownBy(() -> new User("../root", hash, Set.of(Role.ANALYST))).hasMessageContaining("username");
        assertThatThrownBy(() -> new User("ana", "secret", Set.of(Role.ANALYST))).hasMessageContaining("hash-password");
        assertThatThrownBy(() -> new User("ana", hash, Set.of())).hasMessageContaining("no roles");
    }

    @Test
    void fiveFailuresLockANameForAMinuteFromThatClientOnlyEvenWithTheRightPassword() {
        TestClock clock = new TestClock();
        Users users = new Users(List.of(new User("ana", PasswordHash.hash(PASSWORD, 1_000), Set.of(Role.ANALYST))), clock);
        assertThat(users.authenticate("10.0.0.9", "ana", PASSWORD)).isPresent();
        assertThat(users.authenticate("10.0.0.9", "nobody", PASSWORD)).isEmpty();
        for (int i = 0; i < Users.MAX_FAILURES; i++) {
            assertThat(users.authenticate("10.0.0.66", "ana", "wrong password here".toCharArray())).isEmpty();
        }
        assertThat(users.authenticate("10.0.0.66", "ana", PASSWORD)).as("locked for the guessing client").isEmpty();
        assertThat(users.authenticate("10.0.0.9", "ana", PASSWORD)).as("not locked out from her own address").isPresent();
        clock.now = clock.now.plus(Users.LOCKOUT).plusSeconds(1);
        assertThat(users.authenticate("10.0.0.66", "ana", PASSWORD)).as("unlocked after the lockout").isPresent();
    }

    @Test
    void aClientAddressHasABudgetOfAttemptsCheckedBeforeAnyHashIsComputed() {
        TestClock clock = new TestClock();
        Users users = new Users(List.of(new User("ana", PasswordHash.hash(PASSWORD, 1_000), Set.of(Role.ANALYST))), clock);
        for (int i = 0; i < SignInThrottle.BURST; i++) {
            assertThat(users.signIn("10.0.0.66", "user" + i, PASSWORD)).isInstanceOf(Users.Outcome.Refused.class);
        }
        Users.Outcome throttled = users.signIn("10.0.0.66", "ana", PASSWORD);
        assertThat(throttled).as("even the right password, once the budget is spent").isInstanceOf(Users.Outcome.Throttled.class);
        assertThat(((Users.Outcome.Throttled) throttled).retryAfter()).isPositive();
        assertThat(users.signIn("10.0.0.9", "ana", PASSWORD)).as("other clients are not affected").isInstanceOf(Users.Outcome.SignedIn.class);
        clock.now = clock.now.plus(SignInThrottle.REFILL_EVERY);
        assertThat(users.signIn("10.0.0.66", "ana", PASSWORD)).as("one attempt refilled").isInstanceOf(Users.Outcome.SignedIn.class);
        assertThat(users.signIn("10.0.0.66", "ana", PASSWORD)).isInstanceOf(Users.Outcome.Throttled.class);
    }
}
