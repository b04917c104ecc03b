package io.countersign.teamsbot.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.approvals.domain.ApprovalCard;
import io.countersign.approvals.domain.BlastRadius;
import io.countersign.approvals.domain.Directory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A refresh replaces the card the dispatcher posted: it must still show the blast radius, and the dataset page. */
class TeamsCardsBlastRadiusTest {

    @TempDir
    Path dir;

    @Test
    void aRefreshedCardCarriesTheBlastRadiusOfItsTargets() {
        List<List<String>> asked = new ArrayList<>();
        TeamsCards cards = new TeamsCards(Directory.of(Map.of()), new JsonTeamsUsers(dir.resolve("users.json")), datasets -> {
            asked.add(datasets);
            return Optional.of(new BlastRadius.Known(14, 3, false, Map.of("PII", 2), 5, 30));
        }, "https://cs.example/");
        ApprovalCard card = AdaptiveCardsTest.card("r", Map.of(), List.of(), null);

        JsonNode shown = cards.invokeCard(card, false).get("value");

        assertThat(asked).containsExactly(List.of("s3://lake/churn"));
        assertThat(shown.toString()).contains("feeds 14 datasets in 3 hops", "https://cs.example/#/datasets/s3%3A%2F%2Flake%2Fchurn");
    }

    @Test
    void aPostedCardShowsTheBlastRadiusItCameWithWithoutAskingAgain() {
        TeamsCards cards = new TeamsCards(Directory.of(Map.of()), new JsonTeamsUsers(dir.resolve("users.json")), datasets -> {
            throw new AssertionError("the dispatcher asked already");
        }, null);
        ApprovalCard card = AdaptiveCardsTest.card("r", Map.of(), List.of(), null).withBlastRadius(BlastRadius.Unavailable.UNREACHABLE);

        String activity = cards.activity(card).toString();

        assertThat(activity).contains("blast radius unavailable \\\\(lineage index unreachable\\\\)").doesNotContain("Action.OpenUrl");
    }
}
