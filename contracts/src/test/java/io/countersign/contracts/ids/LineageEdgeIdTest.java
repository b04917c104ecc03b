package io.countersign.contracts.ids;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lineage edge ids are pinned: edges already in {@code countersign.lineage} and OpenSearch keep their
 * ids, so these values (computed with {@code printf 'source\ntarget\njob' | sha256sum}) must never change.
 */
class LineageEdgeIdTest {

    @Test
    void idsAreTheSha256OfSourceTargetAndJobAndNeverChange() {
        assertThat(LineageEdgeId.of("pg://crm/customers", "s3://lake/churn", "dbt/nightly_export").value())
                .isEqualTo("692cbbbbfcb2a631ce165e172415f40f996b3a5e20bc959f8b9295ae4a41a2cc");
        assertThat(LineageEdgeId.of("pg://sales/orders", "s3://exports/orders", "db.export").value())
                .isEqualTo("7fba60b8053e691ce6021d9c097e178fd458535858a185629d7c6590d3edb52e");
        assertThat(LineageEdgeId.of("openlineage://snowflakeopenlineage/CUSTOMERS", "openlineage://snowflakeopenlineage/CUSTOMER_DISCOUNTS",
                "dbt/marts.customer_discounts").value()).isEqualTo("be901828a9c10b82628c6560120f85a95217544e96c45ae0a4c5e798ed5c4f43");
        assertThat(LineageEdgeId.of("s3://lake/caf\u00e9", "s3://lake/caf\u00e9-copy", "agent:export").value()).as("UTF-8")
                .isEqualTo("7c89b9092f74bdfa4bf5b3c58884cce8627ef395d1d74a6bccae9c25480cd610");
    }

    @Test
    void directionAndJobAreItsIdentity() {
        LineageEdgeId edge = LineageEdgeId.of("pg://a/x", "pg://a/y", "dbt/j");
        assertThat(LineageEdgeId.of("pg://a/y", "pg://a/x", "dbt/j")).isNotEqualTo(edge);
        assertThat(LineageEdgeId.of("pg://a/x", "pg://a/y", "dbt/k")).isNotEqualTo(edge);
        assertThat(LineageEdgeId.of("pg://a/x", "pg://a/y", "dbt/j")).isEqualTo(edge);
    }

    @Test
    void anIdIsSixtyFourLowerCaseHexDigits() {
        String id = LineageEdgeId.of("pg://a/x", "pg://a/y", "dbt/j").value();
        assertThat(new LineageEdgeId(id).toString()).isEqualTo(id);
        assertThatThrownBy(() -> new LineageEdgeId(id.toUpperCase())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LineageEdgeId("edge-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LineageEdgeId.of("pg://a/x", "pg://a/y", null)).isInstanceOf(NullPointerException.class);
    }
}
