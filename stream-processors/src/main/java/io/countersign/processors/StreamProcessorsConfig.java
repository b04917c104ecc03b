package io.countersign.processors;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.countersign.config.ConfigException;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code stream-processors:} section of countersign.yaml.
 *
 * <pre>
 * stream-processors:
 *   applicationId: countersign-decisions
 *   policyFile: /etc/countersign/policy.yaml      # default: the shipped safe policy
 *   directoryFile: /etc/countersign/directory.yaml # approver groups
 *   keyDir: /var/lib/countersign/keys             # Ed25519 audit signing key (created if absent)
 *   commitIntervalMs: 25
 *   streams:                                      # any Kafka Streams property, passed through untouched
 *     num.stream.threads: 2
 * </pre>
 */
public record StreamProcessorsConfig(
        @JsonProperty("applicationId") String applicationId,
        @JsonProperty("policyFile") String policyFile,
        @JsonProperty("directoryFile") String directoryFile,
        @JsonProperty("keyDir") String keyDir,
        @JsonProperty("stateDir") String stateDir,
        @JsonProperty("commitIntervalMs") long commitIntervalMs,
        @JsonProperty("unknownDatasetLabels") List<String> unknownDatasetLabels,
        @JsonProperty("expirySweepMs") long expirySweepMs,
        @JsonProperty("checkpointIntervalMs") long checkpointIntervalMs,
        @JsonProperty("streams") Map<String, String> streams) {

    /**
     * Defaults. The commit interval is the main latency knob under exactly-once: verdicts become visible
     * to read_committed consumers only when the transaction commits, so 25 ms keeps the gate's added
     * latency in the tens of milliseconds while keeping transaction overhead small.
     */
    public static final StreamProcessorsConfig DEFAULTS = new StreamProcessorsConfig("countersign-decisions", null, null,
            ".countersign/data/keys", null, 25, List.of("UNCLASSIFIED"), 1000, 10_000, Map.of());

    public StreamProcessorsConfig {
        if (applicationId == null || applicationId.isBlank()) {
            throw new ConfigException("stream-processors.applicationId must not be empty");
        }
        if (commitIntervalMs < 1) {
            throw new ConfigException("stream-processors.commitIntervalMs must be at least 1");
        }
        unknownDatasetLabels = unknownDatasetLabels == null ? List.of("UNCLASSIFIED") : List.copyOf(unknownDatasetLabels);
        streams = streams == null ? Map.of() : Map.copyOf(streams);
    }

    /**
     * This configuration with state and keys under {@code dataDir} where they were left at their
     * defaults, and {@code directory} as the directory file when none is configured: how
     * {@code countersign up} keeps everything of one installation in its data directory.
     */
    public StreamProcessorsConfig underDataDir(java.nio.file.Path dataDir, java.nio.file.Path directory) {
        String keys = DEFAULTS.keyDir().equals(keyDir) ? dataDir.resolve("keys").toString() : keyDir;
        String state = stateDir != null ? stateDir : dataDir.resolve("streams").toString();
        String dir = directoryFile != null ? directoryFile : directory == null ? null : directory.toString();
        return new StreamProcessorsConfig(applicationId, policyFile, dir, keys, state, commitIntervalMs, unknownDatasetLabels,
                expirySweepMs, checkpointIntervalMs, streams);
    }

    public Duration expirySweep() {
        return Duration.ofMillis(expirySweepMs);
    }

    public Duration checkpointInterval() {
        return Duration.ofMillis(checkpointIntervalMs);
    }
}
