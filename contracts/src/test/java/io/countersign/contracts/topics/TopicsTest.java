package io.countersign.contracts.topics;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicsTest {

    @Test
    void everyTopicIsInTheCatalogueOnceWithAUniqueName() {
        Set<String> names = new HashSet<>();
        Topics.ALL.forEach(t -> assertThat(names.add(t.name())).as("duplicate %s", t.name()).isTrue());
        assertThat(names).hasSize(13).allMatch(n -> n.startsWith("countersign."));
    }

    @Test
    void unchainedAuditEventsHaveOnePartitionPerChain() {
        // The audit chain writes the events of unchained partition p to audit partition p.
        assertThat(Topics.AUDIT_UNCHAINED.partitions()).isEqualTo(Topics.AUDIT.partitions());
    }

    @Test
    void tablesAreCompactedAndStreamsAreNot() {
        Set<String> compacted = Topics.ALL.stream().filter(t -> t.cleanup() == Topic.Cleanup.COMPACT)
                .map(Topic::name).collect(Collectors.toSet());
        assertThat(compacted).containsExactlyInAnyOrder("countersign.labels.declared", "countersign.labels.inherited",
                "countersign.lineage", "countersign.verdicts");
    }

    @Test
    void newTopicCarriesCleanupAndRetention() {
        NewTopic audit = Topics.AUDIT.newTopic((short) 3);
        assertThat(audit.name()).isEqualTo("countersign.audit");
        assertThat(audit.replicationFactor()).isEqualTo((short) 3);
        assertThat(audit.configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "delete")
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1");

        NewTopic labels = Topics.LABELS_DECLARED.newTopic((short) 1);
        assertThat(labels.configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact")
                .doesNotContainKey(TopicConfig.RETENTION_MS_CONFIG);
    }

    @Test
    void valueSubjectFollowsTopicNameStrategyAndSchemaMatchesType() {
        assertThat(Topics.INTENTS.valueSubject()).isEqualTo("countersign.intents-value");
        assertThat(Topics.INTENTS.valueSchema().getFullName()).isEqualTo("io.countersign.schema.ActionIntent");
        Topics.ALL.forEach(t -> assertThat(t.valueSchema().getFullName()).isEqualTo(t.valueType().getName()));
    }

    @Test
    void illegalNamesAreRejected() {
        assertThatThrownBy(() -> new Topic<>("bad name", org.apache.kafka.common.serialization.Serdes.String(),
                io.countersign.schema.Verdict.class, 1, Topic.Cleanup.DELETE, null, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad name");
    }
}
