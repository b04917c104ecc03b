package io.countersign.cli;

import io.countersign.approvals.opensearch.BlastRadiusConfig;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.ingest.GatewayService;
import io.countersign.ingest.IngestConfig;
import io.countersign.ingest.IngestGateway;
import io.countersign.ingest.adapter.out.ApiKeysFile;
import io.countersign.ingest.domain.ApiKeys;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts the ingest gateway ({@link GatewayService}) for {@code countersign up}. With no {@code ingest.apiKeysFile} configured it
 * makes demo credentials once — an agent, a data steward and an OpenLineage producer — stores their
 * hashes in {@code <dataDir>/api-keys.yaml} and the keys themselves, readable by the owner only, in
 * {@code <dataDir>/demo-credentials.properties}, so a newcomer can call the API (and run
 * {@code countersign demo}) straight away.
 */
final class Gateway {

    static final String DEMO_CREDENTIALS = "demo-credentials.properties";

    private Gateway() {
    }

    static IngestGateway start(KafkaSettings kafka, SchemaRegistryClient registry, IngestConfig configured, BlastRadiusConfig blastRadius,
                               Integer port, Path dataDir, String directoryFile, PrintWriter out) throws Exception {
        IngestConfig config = (configured.apiKeysFile() != null ? configured : configured.withApiKeysFile(demoKeys(dataDir).toString()))
                .withDirectoryFileIfUnset(directoryFile);
        if (port != null) {
            config = config.withPort(port);
        }
        // up prints one summary for all its services instead of each service's start-up facts.
        IngestGateway gateway = GatewayService.start(kafka, registry, config, blastRadius, new PrintWriter(Writer.nullWriter()));
        out.printf("  ingest:    %s (API: %s/openapi.json)%s%n", gateway.url(), gateway.url(),
                configured.apiKeysFile() == null ? "; demo API keys in " + dataDir.resolve(DEMO_CREDENTIALS) : "");
        return gateway;
    }

    /** The demo keys file, created with fresh keys the first time. */
    static Path demoKeys(Path dataDir) throws IOException {
        Path keys = dataDir.resolve("api-keys.yaml");
        Path credentials = dataDir.resolve(DEMO_CREDENTIALS);
        if (Files.exists(keys) && Files.exists(credentials)) {
            return keys;
        }
        Files.deleteIfExists(keys);
        String agent = ApiKeys.generate();
        String steward = ApiKeys.generate();
        String lineage = ApiKeys.generate();
        // The demo agent acts for alice (countersign demo), so her principal is listed for its key.
        ApiKeysFile.add(keys, new ApiKeysFile.Entry(ApiKeys.hash(agent), "agent:demo-agent", "user:olga@example.com", List.of("agent"), null,
                List.of("user:alice@example.com"), "demo"));
        ApiKeysFile.add(keys, new ApiKeysFile.Entry(ApiKeys.hash(steward), "user:carol@example.com", null, List.of("steward", "approver"), "demo"));
        ApiKeysFile.add(keys, new ApiKeysFile.Entry(ApiKeys.hash(lineage), "service:openlineage", "user:olga@example.com", List.of("lineage"), "demo"));
        Files.deleteIfExists(credentials);
        ApiKeysFile.createOwnerOnly(credentials);
        Files.writeString(credentials, """
                # Demo credentials made by `countersign up` (hashes in api-keys.yaml). For local use only.
                agent.key=%s
                steward.key=%s
                lineage.key=%s
                """.formatted(agent, steward, lineage));
        return keys;
    }
}
