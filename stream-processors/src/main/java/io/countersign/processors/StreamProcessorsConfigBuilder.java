package io.countersign.processors;

import io.countersign.processors.StreamProcessorsConfig.ChannelKeyConfig;
import io.countersign.processors.StreamProcessorsConfig.Http;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link StreamProcessorsConfig} by name rather than by position: every setting starts at the
 * default a countersign.yaml without it gets ({@link StreamProcessorsConfig#DEFAULTS}), so a caller names
 * only what it changes. The YAML binding does not use it (Jackson binds the record's canonical constructor).
 */
public final class StreamProcessorsConfigBuilder {

    private String applicationId = "countersign-decisions";
    private String policyFile;
    private String directoryFile;
    private String keyDir = ".countersign/data/keys";
    private String stateDir;
    private long commitIntervalMs = 25;
    private List<String> unknownDatasetLabels = List.of("UNCLASSIFIED");
    private long expirySweepMs = 1000;
    private long checkpointIntervalMs = 10_000;
    private Map<String, String> streams = Map.of();
    private List<ChannelKeyConfig> channelKeys = List.of();
    private Http http = Http.DEFAULT;
    private GateMode gate = GateMode.EXACTLY_ONCE;

    StreamProcessorsConfigBuilder() {
    }

    StreamProcessorsConfigBuilder(StreamProcessorsConfig from) {
        applicationId = from.applicationId();
        policyFile = from.policyFile();
        directoryFile = from.directoryFile();
        keyDir = from.keyDir();
        stateDir = from.stateDir();
        commitIntervalMs = from.commitIntervalMs();
        unknownDatasetLabels = from.unknownDatasetLabels();
        expirySweepMs = from.expirySweepMs();
        checkpointIntervalMs = from.checkpointIntervalMs();
        streams = from.streams();
        channelKeys = from.channelKeys();
        http = from.http();
        gate = from.gate();
    }

    /** The Kafka Streams application id: instances sharing it share the work and the state. */
    public StreamProcessorsConfigBuilder applicationId(String value) {
        applicationId = value;
        return this;
    }

    /** The policy file; null (the default) uses the shipped safe policy. */
    public StreamProcessorsConfigBuilder policyFile(String value) {
        policyFile = value;
        return this;
    }

    /** The approver directory file; null (the default) has no groups. */
    public StreamProcessorsConfigBuilder directoryFile(String value) {
        directoryFile = value;
        return this;
    }

    /** Where the audit signing key lives (made if absent). */
    public StreamProcessorsConfigBuilder keyDir(String value) {
        keyDir = value;
        return this;
    }

    /** Kafka Streams' state directory; null (the default) is Streams' own default. */
    public StreamProcessorsConfigBuilder stateDir(String value) {
        stateDir = value;
        return this;
    }

    /** The signing key under {@code dir}/keys and the state under {@code dir}/streams. */
    public StreamProcessorsConfigBuilder dataDir(Path dir) {
        return keyDir(dir.resolve("keys").toString()).stateDir(dir.resolve("streams").toString());
    }

    public StreamProcessorsConfigBuilder commitIntervalMs(long value) {
        commitIntervalMs = value;
        return this;
    }

    public StreamProcessorsConfigBuilder unknownDatasetLabels(List<String> value) {
        unknownDatasetLabels = value;
        return this;
    }

    /** How often pending approvals are checked for expiry. */
    public StreamProcessorsConfigBuilder expirySweepMs(long value) {
        expirySweepMs = value;
        return this;
    }

    /** How often the audit chain writes a signed checkpoint. */
    public StreamProcessorsConfigBuilder checkpointIntervalMs(long value) {
        checkpointIntervalMs = value;
        return this;
    }

    /** Kafka Streams properties, passed through untouched. */
    public StreamProcessorsConfigBuilder streams(Map<String, String> value) {
        streams = value;
        return this;
    }

    /** The approval channels' trusted public keys. */
    public StreamProcessorsConfigBuilder channelKeys(List<ChannelKeyConfig> value) {
        channelKeys = value;
        return this;
    }

    public StreamProcessorsConfigBuilder http(Http value) {
        http = value;
        return this;
    }

    /** How the gate delivers its decisions ({@link GateMode}). */
    public StreamProcessorsConfigBuilder gate(GateMode value) {
        gate = value;
        return this;
    }

    /** The configuration; a ConfigException says which setting is wrong. */
    public StreamProcessorsConfig build() {
        return new StreamProcessorsConfig(applicationId, policyFile, directoryFile, keyDir, stateDir, commitIntervalMs,
                unknownDatasetLabels, expirySweepMs, checkpointIntervalMs, streams, channelKeys, http, gate);
    }
}
