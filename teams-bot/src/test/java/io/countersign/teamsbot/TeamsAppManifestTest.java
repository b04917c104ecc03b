package io.countersign.teamsbot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The Teams app package in src/main/teams-app: the fields Teams requires, the bot's scopes, icons of the sizes Teams asks for. */
class TeamsAppManifestTest {

    private static final Path APP = Path.of("src", "main", "teams-app");

    @Test
    void theManifestDeclaresTheBotInPersonalAndTeamScopeUnderTheAppsOwnId() throws Exception {
        JsonNode m = new ObjectMapper().readTree(Files.readString(APP.resolve("manifest.json")));
        assertThat(m.path("manifestVersion").asText()).isEqualTo("1.17");
        assertThat(m.path("$schema").asText()).endsWith("/v1.17/MicrosoftTeams.schema.json");
        for (String required : new String[]{"version", "id", "developer", "name", "description", "icons", "accentColor"}) {
            assertThat(m.has(required)).as(required).isTrue();
        }
        assertThat(m.path("name").path("short").asText().length()).isLessThanOrEqualTo(30);
        assertThat(m.path("description").path("short").asText().length()).isLessThanOrEqualTo(80);
        JsonNode bot = m.path("bots").get(0);
        assertThat(bot.path("botId").asText()).isEqualTo(m.path("id").asText()).isEqualTo("{{TEAMS_APP_ID}}");
        assertThat(bot.path("scopes")).extracting(JsonNode::asText).containsExactlyInAnyOrder("personal", "team");
    }

    @Test
    void theIconsHaveTheSizesTeamsRequires() throws Exception {
        BufferedImage color = ImageIO.read(APP.resolve("color.png").toFile());
        BufferedImage outline = ImageIO.read(APP.resolve("outline.png").toFile());
        assertThat(color.getWidth()).isEqualTo(192);
        assertThat(color.getHeight()).isEqualTo(192);
        assertThat(outline.getWidth()).isEqualTo(32);
        assertThat(outline.getHeight()).isEqualTo(32);
        assertThat(outline.getColorModel().hasAlpha()).as("the outline icon is white on transparent").isTrue();
    }
}
