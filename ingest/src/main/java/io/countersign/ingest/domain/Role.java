package io.countersign.ingest.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a credential may do at the gateway. Agents submit intents, read their own verdicts and report
 * executions and lineage; stewards declare dataset labels; approvers decide (through the approval API);
 * lineage producers post OpenLineage events. {@code LABEL_PRODUCER} ({@code label-producer} in the keys
 * file) marks a lineage producer a data steward trusts for labels: only its OpenLineage tags facets
 * become labels, and only by adding them ({@code TagLabelMerge}); everyone else's tags are ignored.
 * A credential may hold several roles.
 */
public enum Role {
    AGENT, STEWARD, APPROVER, LINEAGE, LABEL_PRODUCER;

    /** The role a keys file or command line names, as {@code label-producer} or {@code LABEL_PRODUCER}. */
    public static Role parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("a role name is required");
        }
        return valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The roles as a keys file spells them: "agent, steward, approver, lineage, label-producer". */
    public static String names() {
        return Arrays.stream(values()).map(Role::fileName).collect(Collectors.joining(", "));
    }

    /** This role as the keys file spells it, e.g. {@code label-producer}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
