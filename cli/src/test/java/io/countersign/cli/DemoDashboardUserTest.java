package io.countersign.cli;

import io.countersign.dashboards.DashboardsConfig;
import io.countersign.dashboards.DashboardsOidc;
import io.countersign.dashboards.adapter.out.UsersFile;
import io.countersign.dashboards.domain.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo dashboards user of {@code countersign up} is named for the role it holds, also in older data directories,
 * and is not made when people sign in with the organisation's OpenID provider.
 */
class DemoDashboardUserTest {

    @Test
    void theDemoUserIsAnAuditorNamedSoAndAnOldAnalystDemoUserIsReplaced(@TempDir Path dataDir) throws Exception {
        Path users = Dashboards.demoUsers(dataDir);
        assertThat(UsersFile.load(users)).singleElement().satisfies(u -> {
            assertThat(u.username()).isEqualTo("auditor");
            assertThat(u.roles()).containsExactly(Role.AUDITOR);
        });
        String password = Files.readString(dataDir.resolve(Dashboards.CREDENTIALS));
        assertThat(Dashboards.demoUsers(dataDir)).isEqualTo(users);
        assertThat(Files.readString(dataDir.resolve(Dashboards.CREDENTIALS))).as("kept across restarts").isEqualTo(password);

        Files.writeString(dataDir.resolve(Dashboards.CREDENTIALS), "username=analyst\npassword=old-demo-password\n");
        Dashboards.demoUsers(dataDir);
        assertThat(UsersFile.load(users)).extracting(u -> u.username()).containsExactly("auditor");
        assertThat(Files.readString(dataDir.resolve(Dashboards.CREDENTIALS))).contains("username=auditor").doesNotContain("old-demo-password");
    }

    @Test
    void noDemoUserIsMadeWhenPeopleSignInWithTheIdentityProvider(@TempDir Path dataDir) throws Exception {
        DashboardsOidc oidc = new DashboardsOidc("https://idp.example.com", "countersign", null,
                "http://127.0.0.1:8090/login/oidc/callback", null, null, null, null, "Acme SSO", Map.of("auditors", "auditor"));
        DashboardsConfig withOidc = DashboardsConfig.DEFAULTS.withOidc(oidc);

        assertThat(Dashboards.withSignIn(withOidc, dataDir)).isSameAs(withOidc);
        assertThat(dataDir.resolve("dashboard-users.yaml")).doesNotExist();
        assertThat(dataDir.resolve(Dashboards.CREDENTIALS)).doesNotExist();

        DashboardsConfig plain = DashboardsConfig.DEFAULTS;
        assertThat(Dashboards.withSignIn(plain, dataDir).usersFile()).isEqualTo(dataDir.resolve("dashboard-users.yaml").toString());
    }
}
