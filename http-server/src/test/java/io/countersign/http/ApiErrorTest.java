package io.countersign.http;

import org.junit.jupiter.api.Test;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

class ApiErrorTest {

    @Test
    void bodyHasTheDocumentedKeysInOrderAndLeavesOutAMissingField() {
        assertThat(new ApiError("invalid_request", "targets must not be empty", "$.targets", "r-1").body())
                .containsExactly(entry("error", "invalid_request"), entry("message", "targets must not be empty"),
                        entry("field", "$.targets"), entry("requestId", "r-1"));
        assertThat(ApiError.of(404, "no such page", "r-2").body()).containsOnlyKeys("error", "message", "requestId")
                .containsEntry("error", "not_found");
    }

    @Test
    void statusesMapToTheGatewaysCodes() {
        assertThat(ApiError.code(400)).isEqualTo("invalid_request");
        assertThat(ApiError.code(401)).isEqualTo("unauthenticated");
        assertThat(ApiError.code(403)).isEqualTo("forbidden");
        assertThat(ApiError.code(429)).isEqualTo("rate_limited");
        assertThat(ApiError.code(503)).isEqualTo("unavailable");
        assertThat(ApiError.code(500)).isEqualTo("internal");
    }

    @Test
    void aCallersRequestIdIsKeptOnlyWhenItIsAPlainToken() {
        assertThat(RequestIds.of("abc-123_X.y")).isEqualTo("abc-123_X.y");
        assertThat(RequestIds.of("<script>")).matches("[0-9a-f-]{36}");
        assertThat(RequestIds.of("x".repeat(65))).matches("[0-9a-f-]{36}");
        assertThat(RequestIds.of((String) null)).matches("[0-9a-f-]{36}");
    }
}
