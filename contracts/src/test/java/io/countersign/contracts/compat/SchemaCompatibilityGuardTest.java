package io.countersign.contracts.compat;

import io.countersign.contracts.topics.Topics;
import io.countersign.schema.ActionIntent;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaCompatibilityGuardTest {

    private static Map<String, Schema> currentSchemas() {
        Map<String, Schema> current = new HashMap<>();
        Topics.ALL.forEach(t -> current.put(t.valueType().getSimpleName(), t.valueSchema()));
        return current;
    }

    @Test
    void everyReleasedTypeIsStillATopicValueAndHasAReleasedCopy() {
        assertThat(currentSchemas().keySet()).containsAll(SchemaCompatibilityGuard.RELEASED_TYPES);
        SchemaCompatibilityGuard.RELEASED_TYPES.forEach(type ->
                assertThat(SchemaCompatibilityGuard.released(SchemaCompatibilityGuard.PREVIOUS_RELEASE, type)).as(type).isNotNull());
    }

    @Test
    void currentSchemasAreBackwardCompatibleWithThePreviousRelease() {
        List<SchemaCompatibilityGuard.Violation> violations =
                SchemaCompatibilityGuard.check(currentSchemas(), SchemaCompatibilityGuard.PREVIOUS_RELEASE);
        assertThat(violations).as("make schema changes BACKWARD compatible: add fields with defaults, never remove a field without one").isEmpty();
    }

    @Test
    void aFieldAddedWithoutDefaultIsCaught() {
        Schema breaking = withExtraField(ActionIntent.getClassSchema(), SchemaBuilder.builder().stringType(), false);
        List<SchemaCompatibilityGuard.Violation> violations =
                SchemaCompatibilityGuard.check(Map.of("ActionIntent", breaking), SchemaCompatibilityGuard.PREVIOUS_RELEASE);
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.type()).isEqualTo("ActionIntent");
            assertThat(v.toString()).contains("READER_FIELD_MISSING_DEFAULT").contains("ticket");
        });
    }

    @Test
    void aFieldAddedWithADefaultIsFine() {
        Schema fine = withExtraField(ActionIntent.getClassSchema(), SchemaBuilder.builder().stringType(), true);
        assertThat(SchemaCompatibilityGuard.check(Map.of("ActionIntent", fine), SchemaCompatibilityGuard.PREVIOUS_RELEASE)).isEmpty();
    }

    @Test
    void aChangedFieldTypeIsCaught() {
        Schema current = ActionIntent.getClassSchema();
        List<Schema.Field> fields = new java.util.ArrayList<>();
        for (Schema.Field f : current.getFields()) {
            Schema type = f.name().equals("action") ? Schema.create(Schema.Type.INT) : f.schema();
            fields.add(new Schema.Field(f.name(), type, f.doc(), f.defaultVal()));
        }
        Schema changed = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
        assertThat(SchemaCompatibilityGuard.check(Map.of("ActionIntent", changed), SchemaCompatibilityGuard.PREVIOUS_RELEASE))
                .singleElement().satisfies(v -> assertThat(v.toString()).contains("TYPE_MISMATCH"));
    }

    private static Schema withExtraField(Schema base, Schema type, boolean withDefault) {
        List<Schema.Field> fields = new java.util.ArrayList<>();
        base.getFields().forEach(f -> fields.add(new Schema.Field(f.name(), f.schema(), f.doc(), f.defaultVal())));
        fields.add(withDefault ? new Schema.Field("ticket", type, null, "none") : new Schema.Field("ticket", type, null, (Object) null));
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }
}
