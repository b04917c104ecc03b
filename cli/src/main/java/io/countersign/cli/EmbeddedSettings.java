package io.countersign.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.countersign.config.ConfigException;

/**
 * The {@code embedded:} section: where {@code countersign up} keeps its data and which loopback ports
 * its stack listens on (0 picks a free port).
 */
record EmbeddedSettings(
        @JsonProperty("dataDir") String dataDir,
        @JsonProperty("kafkaPort") int kafkaPort,
        @JsonProperty("registryPort") int registryPort,
        @JsonProperty("openSearchPort") int openSearchPort) {

    static final EmbeddedSettings DEFAULTS = new EmbeddedSettings(".countersign/data", 9092, 8081, 9200);

    EmbeddedSettings {
        for (int port : new int[] {kafkaPort, registryPort, openSearchPort}) {
            if (port < 0 || port > 65535) {
                throw new ConfigException("embedded ports must be between 0 and 65535, got " + port);
            }
        }
        if (dataDir == null || dataDir.isBlank()) {
            throw new ConfigException("embedded.dataDir must name a directory");
        }
    }
}
