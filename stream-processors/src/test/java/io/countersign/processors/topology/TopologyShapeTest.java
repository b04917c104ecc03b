package io.countersign.processors.topology;

import io.countersign.approvals.domain.Directory;
import io.countersign.audit.AuditSigner;
import io.countersign.contracts.registry.InMemorySchemaRegistryClient;
import io.countersign.contracts.signing.ChannelKeys;
import io.countersign.contracts.signing.Ed25519Keys;
import io.countersign.contracts.topics.Topics;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision topology's sub-topologies read only what their part needs. Under exactly-once, a task
 * that reads a topic it also writes cannot move on until its own transaction commits and it fetches
 * that output back; when the gate shared a task with the approvals and the execution check (merged
 * into one audit repartition), every verdict it wrote stalled the next intent by a fetch round, and
 * gate latency grew to seconds. These checks keep that from coming back.
 */
class TopologyShapeTest {

    private final TopologyDescription description = describe();

    @Test
    void theGateReadsOnlyIntents() {
        assertThat(sourceTopicsOf("classify-and-decide")).containsExactly(Topics.INTENTS.name());
    }

    @Test
    void approvalsReadRequestsAndDecisionsOnly() {
        assertThat(sourceTopicsOf("approvals"))
                .containsExactlyInAnyOrder(Topics.APPROVAL_REQUESTS.name(), Topics.APPROVAL_DECISIONS.name());
    }

    @Test
    void theExecutionCheckReadsExecutionsAndVerdicts() {
        assertThat(sourceTopicsOf("execution-check"))
                .containsExactlyInAnyOrder(Topics.EXECUTIONS.name(), Topics.VERDICTS.name());
    }

    @Test
    void theAuditChainReadsTheUnchainedEventsEveryPartWrites() {
        assertThat(sourceTopicsOf("audit-chain")).containsExactly(Topics.AUDIT_UNCHAINED.name());
        Set<String> writers = new TreeSet<>();
        for (TopologyDescription.Subtopology s : description.subtopologies()) {
            for (TopologyDescription.Node n : s.nodes()) {
                if (n instanceof TopologyDescription.Sink sink && Topics.AUDIT_UNCHAINED.name().equals(sink.topic())) {
                    writers.add(sink.name());
                }
            }
        }
        assertThat(writers).containsExactly("approvals-audit-sink", "execution-check-audit-sink", "gate-audit-sink",
                "gateway-refusals-audit-sink");
        assertThat(description.subtopologies()).hasSize(5);
    }

    @Test
    void theGatewaysRefusalsAreAuditedFromTheirOwnTopicAlone() {
        assertThat(sourceTopicsOf("audit-gateway-refusals")).containsExactly(Topics.INTENTS_REFUSED.name());
    }

    /**
     * A running deployment's state is found by these names: task ids come from the sub-topology numbers,
     * changelog topics from the store names. Written out literally, so that renaming a store, a topic
     * or reordering the topology fails here rather than orphaning state.
     */
    @Test
    void subtopologiesStoresAndTopicsKeepTheNamesARunningDeploymentHas() {
        Map<Integer, String> shape = new TreeMap<>();
        for (TopologyDescription.Subtopology s : description.subtopologies()) {
            Set<String> sources = new TreeSet<>();
            Set<String> sinks = new TreeSet<>();
            Set<String> stores = new TreeSet<>();
            for (TopologyDescription.Node n : s.nodes()) {
                if (n instanceof TopologyDescription.Source source) {
                    sources.addAll(source.topicSet());
                } else if (n instanceof TopologyDescription.Sink sink) {
                    sinks.add(sink.topic());
                } else if (n instanceof TopologyDescription.Processor p) {
                    stores.addAll(p.stores());
                }
            }
            shape.put(s.id(), "from " + sources + " to " + sinks + " stores " + stores);
        }
        assertThat(shape).containsExactly(
                Map.entry(2, "from [countersign.intents] to [countersign.approval-requests, countersign.audit.unchained,"
                        + " countersign.verdicts] stores [gate-seen-intents]"),
                Map.entry(3, "from [countersign.approval-decisions, countersign.approval-requests] to [countersign.audit.unchained,"
                        + " countersign.verdicts] stores [approvals-early-decisions, approvals-expiry-index, approvals-pending]"),
                Map.entry(4, "from [countersign.executions, countersign.verdicts] to [countersign.audit.unchained]"
                        + " stores [execution-check-awaiting-verdict, verdicts-by-intent]"),
                Map.entry(5, "from [countersign.audit.unchained] to [countersign.approval-requests, countersign.audit,"
                        + " countersign.audit-checkpoints, countersign.verdicts] stores [audit-chain-head, audit-first-decisions]"),
                Map.entry(6, "from [countersign.intents.refused] to [countersign.audit.unchained] stores []"));
        Map<String, Set<String>> globals = new TreeMap<>();
        description.globalStores().forEach(g -> globals.put(String.join(",", g.source().topicSet()), g.processor().stores()));
        assertThat(globals).containsExactly(Map.entry("countersign.labels.declared", Set.of("labels-declared")),
                Map.entry("countersign.labels.inherited", Set.of("labels-inherited")));
    }

    private Set<String> sourceTopicsOf(String processor) {
        for (TopologyDescription.Subtopology s : description.subtopologies()) {
            if (s.nodes().stream().anyMatch(n -> n.name().equals(processor))) {
                Set<String> topics = new TreeSet<>();
                s.nodes().stream().filter(n -> n instanceof TopologyDescription.Source)
                        .forEach(n -> topics.addAll(((TopologyDescription.Source) n).topicSet()));
                return topics;
            }
        }
        throw new AssertionError("no processor named " + processor + " in\n" + description);
    }

    private static TopologyDescription describe() {
        return DecisionTopology.build(new DecisionTopology.Deps(new InMemorySchemaRegistryClient(), () -> null,
                Directory.of(Map.of()), new ChannelKeys(List.of()), new AuditSigner(Ed25519Keys.generate()), Clock.systemUTC(),
                DecisionTopology.Settings.DEFAULTS)).describe();
    }
}
