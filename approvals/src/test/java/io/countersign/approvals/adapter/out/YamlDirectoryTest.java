package io.countersign.approvals.adapter.out;

import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.Identity;
import io.countersign.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YamlDirectoryTest {

    @Test
    void loadsGroupsAndMapsEmails(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("directory.yaml"), """
                groups:
                  data-stewards: [user:Carol@Example.com, dave@example.com]
                  security-oncall: [user:sam@example.com]
                emails:
                  sam.smith@example.com: user:sam@example.com
                """);
        Directory d = YamlDirectory.load(file);

        assertThat(d.members("data-stewards")).containsExactlyInAnyOrder(
                new Identity("user:carol@example.com"), new Identity("user:dave@example.com"));
        assertThat(d.groupsOf(Identity.of("user:sam@example.com"))).containsExactly("security-oncall");
        assertThat(d.byEmail("SAM.SMITH@example.com")).contains(new Identity("user:sam@example.com"));
        assertThat(d.byEmail("carol@example.com")).contains(new Identity("user:carol@example.com"));
        assertThat(d.byEmail("nobody@example.com")).isEmpty();
        assertThat(d.groupsOf(Identity.of("dave@example.com"))).as("a bare e-mail is the user").containsExactly("data-stewards");
        assertThat(d.members("no-such-group")).isEmpty();
    }

    @Test
    void readsGroupsConfirmedByTheIdentityProvider(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("directory.yaml"), """
                groups:
                  data-stewards: [user:carol@example.com]
                groupsFromToken:
                  data-stewards: countersign-data-stewards
                """);
        assertThat(YamlDirectory.load(file).groupsFromToken()).containsExactly(Map.entry("data-stewards", "countersign-data-stewards"));

        Path providerOnly = Files.writeString(dir.resolve("provider-only.yaml"), """
                groups:
                  data-stewards: [user:carol@example.com]
                groupsFromToken:
                  security-oncall: countersign-oncall
                """);
        Directory d = YamlDirectory.load(providerOnly);
        assertThat(d.groupsFromToken()).containsExactly(Map.entry("security-oncall", "countersign-oncall"));
        assertThat(d.members("security-oncall")).as("the provider alone says who is in it").isEmpty();

        Path blank = Files.writeString(dir.resolve("blank.yaml"), """
                groups: {}
                groupsFromToken:
                  security-oncall: " "
                """);
        assertThatThrownBy(() -> YamlDirectory.load(blank)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("groupsFromToken.security-oncall must name the identity provider's group");
    }

    @Test
    void badFilesAreExplained(@TempDir Path dir) throws Exception {
        Path noGroups = Files.writeString(dir.resolve("a.yaml"), "emails: {}\n");
        assertThatThrownBy(() -> YamlDirectory.load(noGroups)).isInstanceOf(ConfigException.class).hasMessageContaining("groups");
        Path badId = Files.writeString(dir.resolve("b.yaml"), "groups:\n  g: ['not an identity']\n");
        assertThatThrownBy(() -> YamlDirectory.load(badId)).isInstanceOf(ConfigException.class).hasMessageContaining("kind:name");
    }

    @Test
    void identitiesAreNormalisedAndValidated() {
        assertThat(Identity.of("Alice@Example.COM")).isEqualTo(new Identity("user:alice@example.com"));
        assertThat(new Identity(" agent:Exporter-7 ").value()).isEqualTo("agent:exporter-7");
        assertThat(new Identity("agent:exporter-7").kind()).isEqualTo("agent");
        assertThatThrownBy(() -> new Identity("alice")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Identity("user:")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Directory.of(Map.of("g", List.of("a@b.c"))).members("g")).containsExactly(new Identity("user:a@b.c"));
    }
}
