package io.countersign.ingest.domain;

import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.GroupDirectory;
import io.countersign.approvals.domain.Identity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CallerDirectoryTest {

    private static final Identity CAROL = Identity.of("user:carol@example.com");
    private static final Identity DAVE = Identity.of("user:dave@example.com");
    private static final Directory DIRECTORY = GroupDirectory.of(Map.of(
                    "data-stewards", List.of(CAROL.value(), DAVE.value()),
                    "security-oncall", List.of(CAROL.value())), Map.of(),
            Map.of("data-stewards", "countersign-data-stewards"));

    @Test
    void aGroupFromTheTokenCountsOnlyWhenTheTokenListsTheProvidersGroup() {
        assertThat(CallerDirectory.of(DIRECTORY, CAROL, Set.of("countersign-data-stewards")).groupsOf(CAROL))
                .containsExactlyInAnyOrder("data-stewards", "security-oncall");
        assertThat(CallerDirectory.of(DIRECTORY, CAROL, Set.of("staff")).groupsOf(CAROL)).containsExactly("security-oncall");
    }

    @Test
    void anApiKeyCallerIsInNoGroupTakenFromTheToken() {
        Directory seenByCarol = CallerDirectory.of(DIRECTORY, CAROL, null);

        assertThat(seenByCarol.inAnyGroup(CAROL, List.of("data-stewards"))).isFalse();
        assertThat(seenByCarol.inAnyGroup(CAROL, List.of("security-oncall"))).isTrue();
    }

    @Test
    void theTokenGrantsNothingTheDirectoryDoesNotListAndLeavesOthersAlone() {
        Identity mallory = Identity.of("user:mallory@example.com");
        assertThat(CallerDirectory.of(DIRECTORY, mallory, Set.of("countersign-data-stewards")).groupsOf(mallory)).isEmpty();
        assertThat(CallerDirectory.of(DIRECTORY, CAROL, Set.of()).groupsOf(DAVE)).containsExactly("data-stewards");
    }

    @Test
    void aDirectoryWithoutGroupsFromTheTokenIsUnchanged() {
        Directory plain = Directory.of(Map.of("data-stewards", List.of(CAROL.value())));
        assertThat(CallerDirectory.of(plain, CAROL, null)).isSameAs(plain);
    }
}
