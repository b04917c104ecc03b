package io.countersign.processors;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the gate delivers its decisions: {@code stream-processors.gate} in countersign.yaml.
 *
 * <ul>
 *   <li>{@code exactly-once} (the default): the gate writes each verdict in an exactly-once transaction, visible when
 *   it commits (every {@code commitIntervalMs}).</li>
 *   <li>{@code first-wins}: the gate runs at least once and writes each decision only as its audit batch on
 *   {@code countersign.audit.unchained}, readable as soon as Kafka has it; the audit chain, exactly-once, lets each
 *   intent's first decision through and writes its verdict or approval request. An intent the gate decides again after
 *   a crash keeps its first decision everywhere: the ingest gateway's view (with {@code ingest.gateDecisions: true}),
 *   {@code countersign.verdicts} and the audit chain.</li>
 * </ul>
 */
public enum GateMode {
    @JsonProperty("exactly-once")
    EXACTLY_ONCE,
    @JsonProperty("first-wins")
    FIRST_WINS
}
