package io.countersign.processors;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.countersign.config.ConfigException;
import io.countersign.contracts.ids.InvalidIdentifierException;
import io.countersign.contracts.ids.Label;
import io.countersign.contracts.signing.ChannelKeyPair;
import io.countersign.contracts.signing.ChannelKeys;
import io.countersign.contracts.signing.Ed25519Keys;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
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
 *   channelKeys:                                  # approval channels' public keys; a decision counts only when
 *     - keyId: slack-3f9c2a4b1d0e8f76             # signed by a key listed here for the channel it names
 *       channel: slack
 *       publicKeyFile: /etc/countersign/keys/slack-decision-key.pub.pem
 *     - keyId: api-0a1b2c3d4e5f6a7b
 *       channel: api
 *       publicKey: |                              # or the PEM text itself
 *         -----BEGIN PUBLIC KEY-----
 *         ...
 *   streams:                                      # any Kafka Streams property, passed through untouched
 *     num.stream.threads: 2
 *   http:                                         # `countersign pipeline`'s /healthz/live, /healthz/ready, /metrics
 *     host: 127.0.0.1
 *     port: 8089                                  # 0 picks a free port; -1 turns the endpoints off
 *   gate: exactly-once                            # or first-wins: decisions readable without waiting for a commit ({@link GateMode})
 * </pre>
 *
 * <p>{@code countersign keys channel} makes a channel key pair and prints its {@code channelKeys} entry;
 * {@code countersign up} makes and wires the embedded channels' keys itself.
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
        @JsonProperty("streams") Map<String, String> streams,
        @JsonProperty("channelKeys") List<ChannelKeyConfig> channelKeys,
        @JsonProperty("http") Http http,
        @JsonProperty("gate") GateMode gate) {

    /** Where the standalone pipeline serves its health and metrics endpoints; port -1 serves none ({@code up} does that). */
    public record Http(@JsonProperty("host") String host, @JsonProperty("port") int port) {

        public static final Http DEFAULT = new Http("127.0.0.1", 8089);

        public Http {
            host = host == null || host.isBlank() ? "127.0.0.1" : host;
            if (port < -1 || port > 65_535) {
                throw new ConfigException("stream-processors.http.port must be between 0 and 65535 (0 picks a free port), or -1 for none");
            }
        }

        public boolean enabled() {
            return port >= 0;
        }
    }

    /** One trusted approval channel key: its id, the channel it may sign for, and its public key (PEM text or file). */
    public record ChannelKeyConfig(
            @JsonProperty("keyId") String keyId,
            @JsonProperty("channel") String channel,
            @JsonProperty("publicKey") String publicKey,
            @JsonProperty("publicKeyFile") String publicKeyFile) {

        public ChannelKeyConfig {
            if (keyId == null || keyId.isBlank() || channel == null || channel.isBlank()
                    || (publicKey == null || publicKey.isBlank()) == (publicKeyFile == null || publicKeyFile.isBlank())) {
                throw new ConfigException("each stream-processors.channelKeys entry needs keyId, channel and exactly one of"
                        + " publicKey (PEM text) or publicKeyFile");
            }
        }

        /** The entry trusting {@code pair}'s public key file for its channel. */
        public static ChannelKeyConfig of(ChannelKeyPair pair) {
            return new ChannelKeyConfig(pair.keyId(), pair.channel(), null, pair.publicKeyFile().toString());
        }

        ChannelKeys.ChannelKey load() {
            try {
                PublicKey key = publicKeyFile != null && !publicKeyFile.isBlank() ? Ed25519Keys.readPublicKey(Path.of(publicKeyFile))
                        : Ed25519Keys.publicKeyFromPem(publicKey);
                return new ChannelKeys.ChannelKey(keyId, channel, key);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("stream-processors.channelKeys entry " + keyId + ": " + e.getMessage());
            }
        }
    }

    /**
     * Defaults. The commit interval is the main latency knob under exactly-once: verdicts become visible
     * to read_committed consumers only when the transaction commits, so 25 ms keeps the gate's added
     * latency in the tens of milliseconds while keeping transaction overhead small.
     */
    public static final StreamProcessorsConfig DEFAULTS = builder().build();

    /** A builder starting from the defaults, for configurations made in code rather than read from YAML. */
    public static StreamProcessorsConfigBuilder builder() {
        return new StreamProcessorsConfigBuilder();
    }

    /** A builder starting from this configuration. */
    public StreamProcessorsConfigBuilder toBuilder() {
        return new StreamProcessorsConfigBuilder(this);
    }

    public StreamProcessorsConfig {
        if (applicationId == null || applicationId.isBlank()) {
            throw new ConfigException("stream-processors.applicationId must not be empty");
        }
        if (commitIntervalMs < 1) {
            throw new ConfigException("stream-processors.commitIntervalMs must be at least 1");
        }
        unknownDatasetLabels = unknownDatasetLabels == null ? List.of("UNCLASSIFIED") : labels(unknownDatasetLabels);
        streams = streams == null ? Map.of() : Map.copyOf(streams);
        channelKeys = channelKeys == null ? List.of() : List.copyOf(channelKeys);
        http = http == null ? Http.DEFAULT : http;
        gate = gate == null ? GateMode.EXACTLY_ONCE : gate;
    }

    /** Each must be a {@link Label} (checked at load, not when the pipeline first classifies); written upper case. */
    private static List<String> labels(List<String> given) {
        List<String> out = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            try {
                out.add(Label.parse(given.get(i)).value());
            } catch (InvalidIdentifierException e) {
                throw new ConfigException("stream-processors.unknownDatasetLabels[" + i + "]: " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /** This configuration serving its health endpoints on {@code port} (-1: none). */
    public StreamProcessorsConfig withHttpPort(int port) {
        return toBuilder().http(new Http(http.host(), port)).build();
    }

    /** This configuration trusting {@code keys} (instead of the configured ones). */
    public StreamProcessorsConfig withChannelKeys(List<ChannelKeyConfig> keys) {
        return toBuilder().channelKeys(keys).build();
    }

    /** The configured channel keys, loaded; a ConfigException names the entry that cannot be. */
    public ChannelKeys trustedChannelKeys() {
        try {
            return new ChannelKeys(channelKeys.stream().map(ChannelKeyConfig::load).toList());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("stream-processors.channelKeys: " + e.getMessage());
        }
    }

    /**
     * This configuration with state and keys under {@code dataDir} where they were left at their
     * defaults, and {@code directory} as the directory file when none is configured: how
     * {@code countersign up} keeps everything of one installation in its data directory.
     */
    public StreamProcessorsConfig underDataDir(Path dataDir, Path directory) {
        String keys = DEFAULTS.keyDir().equals(keyDir) ? dataDir.resolve("keys").toString() : keyDir;
        String state = stateDir != null ? stateDir : dataDir.resolve("streams").toString();
        String dir = directoryFile != null ? directoryFile : directory == null ? null : directory.toString();
        return toBuilder().directoryFile(dir).keyDir(keys).stateDir(state).build();
    }

    public Duration expirySweep() {
        return Duration.ofMillis(expirySweepMs);
    }

    public Duration checkpointInterval() {
        return Duration.ofMillis(checkpointIntervalMs);
    }
}
