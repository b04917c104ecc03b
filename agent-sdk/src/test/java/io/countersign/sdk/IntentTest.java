package io.countersign.sdk;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntentTest {

    @Test
    void buildsAnImmutableIntentWithAllFields() {
        List<String> tags = new ArrayList<>(List.of("q3"));
        Intent intent = Intent.action("db.export")
                .principal("user:alice@example.com")
                .delegationChain("user:alice@example.com", "agent:exporter")
                .target("pg://crm/customers").targets("pg://crm/orders")
                .destination("s3://partner/x.csv", true)
                .parameter("format", "csv").parameter("tags", tags)
                .reason("quarterly report").environment("prod").framework("langgraph").model("gpt-5")
                .idempotencyKey("client-key-1")
                .build();
        tags.add("mutated later");

        assertThat(intent.targets()).containsExactly("pg://crm/customers", "pg://crm/orders");
        assertThat(intent.destination().uri()).isEqualTo("s3://partner/x.csv");
        assertThat(intent.destination().external()).isTrue();
        assertThat(intent.parameters()).containsEntry("format", "csv").containsEntry("tags", List.of("q3"));
        assertThat(intent.idempotencyKey()).isEqualTo("client-key-1");
        assertThatThrownBy(() -> intent.parameters().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> intent.targets().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void generatesADistinctUuidIdempotencyKeyPerIntent() {
        Intent a = Replies.intent();
        Intent b = Replies.intent();
        assertThat(UUID.fromString(a.idempotencyKey())).isNotNull();
        assertThat(a.idempotencyKey()).isNotEqualTo(b.idempotencyKey());
    }

    @Test
    void buildNamesTheMissingRequiredField() {
        assertThatThrownBy(() -> Intent.action("db.export").target("pg://crm/customers").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("principal");
        assertThatThrownBy(() -> Intent.action("db.export").principal("user:alice@example.com").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("target");
        assertThatThrownBy(() -> Intent.action(" ").principal("p").target("t").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("action");
        assertThatThrownBy(() -> Intent.action("db.export").target(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target");
    }

    @Test
    void rejectsNonJsonParameterValuesWithoutEchoingThem() {
        Object secret = new Object() {
            @Override
            public String toString() {
                return "hunter2";
            }
        };
        assertThatThrownBy(() -> Intent.action("db.export").parameter("password", secret))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("password")
                .hasMessageNotContaining("hunter2");
        assertThat(Intent.action("a").principal("p").target("t").parameter("nested", Map.of("k", List.of(1, true)))
                .build().parameters().get("nested")).isEqualTo(Map.of("k", List.of(1, true)));
    }

    @Test
    void toStringShowsOnlyActionAndTargets() {
        Intent intent = Intent.action("db.export").principal("user:alice@example.com").target("pg://crm/customers")
                .parameter("where", "ssn = '123-45-6789'").reason("secret reason").build();
        assertThat(intent.toString())
                .contains("db.export", "pg://crm/customers")
                .doesNotContain("alice", "123-45-6789", "secret reason");
    }
}
