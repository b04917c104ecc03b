package io.countersign.ingest.adapter.in.http;

import io.countersign.ingest.domain.IntentRequest;
import io.countersign.ingest.domain.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    private static InvalidRequestException bad(String body) {
        return bad(body.getBytes(StandardCharsets.UTF_8));
    }

    private static InvalidRequestException bad(byte[] body) {
        try {
            Json.read(body, IntentRequest.class);
        } catch (InvalidRequestException e) {
            return e;
        }
        throw new AssertionError("accepted");
    }

    @Test
    void unknownFieldsAreNamedWithTheKnownOnes() {
        InvalidRequestException e = bad("{\"action\": \"db.read\", \"colour\": \"red\"}");
        assertThat(e.field()).isEqualTo("colour");
        assertThat(e.getMessage()).contains("unknown field 'colour'").contains("targets");
    }

    @Test
    void theAgentCannotBeClaimed() {
        assertThat(bad("{\"agent\": \"agent:root\"}").getMessage()).contains("taken from your API key");
    }

    @Test
    void noCoercionNoDuplicatesNoTrailingContent() {
        assertThat(bad("{\"action\": 42}").field()).isEqualTo("action");
        assertThat(bad("{\"targets\": \"pg://one\"}").field()).isEqualTo("targets");
        assertThat(bad("{\"action\": \"a\", \"action\": \"b\"}").getMessage()).contains("malformed JSON");
        assertThat(bad("{\"action\": \"a\"} {}").getMessage()).isNotBlank();
        assertThat(bad("null").getMessage()).contains("JSON object");
        assertThat(bad("[1,2]").getMessage()).contains("wrong type");
    }

    @Test
    void malformedJsonSaysWhereAndNeverEchoesTheBody() {
        InvalidRequestException e = bad("{\"action\": \"secret-token-123\" ");
        assertThat(e.getMessage()).contains("line 1").doesNotContain("secret-token-123");
    }

    @Test
    void onlyUtf8IsAccepted() {
        assertThat(bad(new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}).getMessage()).contains("UTF-8");
        assertThat(Json.isJson("application/json; charset=utf-8")).isTrue();
        assertThat(Json.isJson("application/json")).isTrue();
        assertThat(Json.isJson("application/json; charset=latin1")).isFalse();
        assertThat(Json.isJson("text/plain")).isFalse();
    }

    @Test
    void validBodiesBind() {
        IntentRequest r = Json.read("{\"action\": \"db.read\", \"targets\": [\"pg://a\"], \"parameters\": {\"k\": \"v\"}}"
                .getBytes(StandardCharsets.UTF_8), IntentRequest.class);
        assertThat(r.targets()).containsExactly("pg://a");
        assertThatThrownBy(() -> Json.read("{\"parameters\": {\"k\": 1}}".getBytes(StandardCharsets.UTF_8), IntentRequest.class))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void hostileShapesAreClientErrorsThatNameTheLimit() {
        String digits = "1".repeat(5_000);
        for (String body : new String[]{"{\"a\": " + digits + "}", "{\"a\": 0." + digits + "}", "{\"a\": -" + digits + "e5}"}) {
            assertThatThrownBy(() -> Json.tree(body.getBytes(StandardCharsets.UTF_8))).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("exceeds the gateway's limits").hasMessageContaining("Number").hasMessageNotContaining("111111");
        }
        assertThatThrownBy(() -> Json.tree(("[".repeat(1_200) + "]".repeat(1_200)).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("nesting depth");
        assertThatThrownBy(() -> Json.tree(("{\"a\":".repeat(1_200) + "1" + "}".repeat(1_200)).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("nesting depth");
        assertThatThrownBy(() -> Json.tree(("{\"" + "k".repeat(5_000) + "\": 1}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("exceeds the gateway's limits");
        // Bound to a typed field, the same number is refused the same way.
        assertThat(bad("{\"action\": \"db.read\", \"targets\": [" + digits + "]}").getMessage()).contains("exceeds the gateway's limits");
        // Within the limits, an OpenLineage-like depth still parses.
        assertThat(Json.tree(("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH)).getBytes(StandardCharsets.UTF_8)).isArray()).isTrue();
    }
}
