package io.countersign.dashboards.adapter.out;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Audit query validation and translation, and CSV cells that a spreadsheet cannot execute. */
class AuditQueryTest {

    @Test
    void parametersAreValidatedWithMessagesThatSayWhatIsAllowed() {
        assertThatThrownBy(() -> new AuditQuery("", Map.of("colour", List.of("red")), null, null, null, false, 1, 25))
                .hasMessageContaining("unknown facet 'colour'");
        assertThatThrownBy(() -> new AuditQuery("", Map.of(), null, null, "hash", false, 1, 25)).hasMessageContaining("sort must be one of");
        assertThatThrownBy(() -> new AuditQuery("", Map.of(), null, null, null, false, 1, 500)).hasMessageContaining("size is 1-200");
        assertThatThrownBy(() -> new AuditQuery("", Map.of(), null, null, null, false, 101, 100)).hasMessageContaining("export");
    }

    @Test
    void facetsOfOneKindAreOrEdAndApproversAreSearchedInTheirNestedDocuments() throws Exception {
        AuditQuery q = new AuditQuery("crm*", Map.of("outcome", List.of("DENIED", "EXPIRED"), "approver", List.of("user:bob")),
                Instant.parse("2026-11-01T00:00:00Z"), null, "riskScore", true, 1, 25);
        String json = new ObjectMapper().configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .writeValueAsString(q.query());
        assertThat(json).contains("{\"terms\":{\"outcome\":[\"DENIED\",\"EXPIRED\"]}}")
                .contains("{\"nested\":{\"path\":\"approvers\",\"query\":{\"terms\":{\"approvers.approver\":[\"user:bob\"]}}}}")
                .contains("{\"range\":{\"receivedAt\":{\"gte\":\"2026-11-01T00:00:00Z\"}}}")
                .contains("\"value\":\"*crm\\\\**\"");
        assertThat(q.sortClause().get(0)).isEqualTo(Map.of("riskScore", Map.of("order", "asc", "missing", "_last", "unmapped_type", "keyword")));
        assertThat(q.sortClause().get(1)).as("a stable tie-break for paging").isEqualTo(Map.of("intentId", Map.of("order", "asc")));
    }

    @Test
    void csvCellsAreQuotedAndFormulaInjectionIsDefused() {
        assertThat(AuditSearch.csvCell("plain")).isEqualTo("plain");
        assertThat(AuditSearch.csvCell("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditSearch.csvCell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditSearch.csvCell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(AuditSearch.csvCell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    }
}
