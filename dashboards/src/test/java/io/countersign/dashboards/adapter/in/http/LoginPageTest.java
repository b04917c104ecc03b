package io.countersign.dashboards.adapter.in.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Where sign-in may send a fresh session: same-origin paths only, however the path is spelled. */
class LoginPageTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/#/intents/0b5d6c1e", "/ui/app.js", "/?q=agent%3Aexporter&from=2026-11-01", "/#/datasets/pg%3A%2F%2Fcrm%2Fcustomers"})
    void sameOriginPathsAreKept(String next) {
        assertThat(LoginPage.safeNext(next)).isEqualTo(next);
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "/\r/evil.example",
            "/ /evil.example", "\t//evil.example", "https://evil.example/", "javascript:alert(1)", "evil.example", "/\u0000/x",
            "/\u2028/evil.example", "/\\\\evil.example", "/x\\y", ""})
    void offSitePathsAndControlCharactersGoToTheStartPage(String next) {
        assertThat(LoginPage.safeNext(next)).isEqualTo("/");
    }
}
