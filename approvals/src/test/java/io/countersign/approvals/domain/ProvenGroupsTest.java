package io.countersign.approvals.domain;

import io.countersign.schema.ApproverAuthentication;
import io.countersign.schema.AuthenticationMethod;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Groups the identity provider confirms (listed too) or decides alone (not listed), and who may attest them. */
class ProvenGroupsTest {

    private static final Identity CAROL = Identity.of("user:carol@example.com");
    private static final Identity DAVE = Identity.of("user:dave@example.com");
    private static final Identity ERIN = Identity.of("user:erin@example.com");
    private static final Directory DIRECTORY = GroupDirectory.of(Map.of(
                    "data-stewards", List.of(CAROL.value(), DAVE.value()),
                    "security-oncall", List.of(CAROL.value())), Map.of(),
            Map.of("data-stewards", "idp-stewards", "platform-admins", "idp-admins"));

    @Test
    void aListedGroupFromTheProviderCountsOnlyWhenTheVerifiedGroupsListIt() {
        assertThat(ProvenGroups.groupsOf(DIRECTORY, CAROL, Set.of("idp-stewards"))).containsExactlyInAnyOrder("data-stewards", "security-oncall");
        assertThat(ProvenGroups.groupsOf(DIRECTORY, CAROL, Set.of("staff"))).containsExactly("security-oncall");
        assertThat(ProvenGroups.groupsOf(DIRECTORY, CAROL, null)).as("an API key or a chat click").containsExactly("security-oncall");
    }

    @Test
    void theListSaysWhoMayEverAndAGroupNotListedIsTheProvidersAlone() {
        assertThat(ProvenGroups.groupsOf(DIRECTORY, ERIN, Set.of("idp-stewards"))).as("not on the list").isEmpty();
        assertThat(ProvenGroups.groupsOf(DIRECTORY, ERIN, Set.of("idp-admins"))).containsExactly("platform-admins");
        assertThat(ProvenGroups.groupsOf(DIRECTORY, ERIN, Set.of())).as("removed at the provider").isEmpty();
    }

    @Test
    void onlyTheApprovalApisTokenMethodsAttestTheProvidersGroups() {
        ApproverAuthentication token = ApproverAuthentication.newBuilder().setMethod(AuthenticationMethod.OIDC_ACCESS_TOKEN)
                .setGroups(List.of("idp-admins")).build();
        assertThat(ProvenGroups.attested(token, "api")).containsExactly("idp-admins");
        assertThat(ProvenGroups.attested(ApproverAuthentication.newBuilder(token).setMethod(AuthenticationMethod.OIDC_SIGN_IN).build(), "api"))
                .containsExactly("idp-admins");
        assertThat(ProvenGroups.attested(token, "slack")).as("a chat bot's key cannot claim a token").isNull();
        assertThat(ProvenGroups.attested(ApproverAuthentication.newBuilder(token).setMethod(AuthenticationMethod.API_KEY).build(), "api")).isNull();
        assertThat(ProvenGroups.attested(null, "api")).isNull();
    }

    @Test
    void aDecisionKeepsOnlyTheProvidersGroupsTheDirectoryMaps() {
        assertThat(ProvenGroups.mapped(DIRECTORY, List.of("staff", "idp-stewards", "everyone", "idp-admins")))
                .containsExactly("idp-admins", "idp-stewards");
        assertThat(ProvenGroups.mapped(DIRECTORY, null)).isEmpty();
    }

    @Test
    void aSignInCouldMakeSomeoneEligibleOnlyForTheProvidersGroupsThatAdmitThem() {
        assertThat(ProvenGroups.provable(DIRECTORY, CAROL, List.of("data-stewards"))).isTrue();
        assertThat(ProvenGroups.provable(DIRECTORY, ERIN, List.of("data-stewards"))).as("not on the list").isFalse();
        assertThat(ProvenGroups.provable(DIRECTORY, ERIN, List.of("security-oncall", "platform-admins"))).isTrue();
        assertThat(ProvenGroups.provable(DIRECTORY, CAROL, List.of("security-oncall"))).as("not the provider's").isFalse();
    }
}
