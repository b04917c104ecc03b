package io.countersign.cli;

import io.countersign.contracts.signing.ChannelKeyPair;
import io.countersign.embedded.EmbeddedOpenSearch;
import io.countersign.embedded.EmbeddedRegistry;
import io.countersign.embedded.Ports;
import io.countersign.embedded.cluster.FlinkSessionCluster;
import io.countersign.embedded.cluster.LocalKafkaCluster;
import io.countersign.ingest.adapter.out.ApiKeysFile;
import io.countersign.ingest.domain.ApiKeys;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test fixture: Countersign deployed as a platform team would deploy it, every part its own OS process
 * on this machine: three KRaft brokers ({@link LocalKafkaCluster}), the schema registry, a Flink session
 * cluster (JobManager and TaskManager JVMs) running the lineage-index job submitted with
 * {@code countersign lineage-index submit}, two {@code countersign pipeline} and two
 * {@code countersign gateway} JVMs sharing one YAML file; OpenSearch runs in the test JVM as today.
 * Topics come from {@code countersign init}. It records how long each part took to start.
 */
final class LocalDeployment implements AutoCloseable {

    static final String APPLICATION_ID = "countersign-decisions";

    final Path dir;
    final String agentKey = ApiKeys.generate();
    final String approverKey = ApiKeys.generate();
    final String stewardKey = ApiKeys.generate();
    final Map<String, Long> startMillis = new LinkedHashMap<>();
    final List<ServiceProcess> pipelines = new ArrayList<>();
    final List<ServiceProcess> gateways = new ArrayList<>();
    LocalKafkaCluster kafka;
    EmbeddedRegistry registry;
    EmbeddedOpenSearch openSearch;
    FlinkSessionCluster flink;
    Path config;
    private int pipelineStarts;

    private LocalDeployment(Path dir) {
        this.dir = dir;
    }

    /** Starts everything and returns once every service answers ready; on failure, stops what it started. */
    static LocalDeployment start(Path dir) throws Exception {
        LocalDeployment d = new LocalDeployment(dir);
        try {
            d.startAll();
        } catch (Exception | AssertionError e) {
            d.close();
            throw e;
        }
        return d;
    }

    private void startAll() throws Exception {
        long began = System.nanoTime();
        kafka = LocalKafkaCluster.ofThree().start();
        lap("3 Kafka brokers", began);
        long t = System.nanoTime();
        registry = EmbeddedRegistry.start(dir.resolve("registry"), Ports.free());
        openSearch = EmbeddedOpenSearch.start(dir.resolve("opensearch"), Ports.free());
        lap("schema registry and OpenSearch", t);
        config = writeConfig();
        t = System.nanoTime();
        CliRun init = CliRun.of("init", "--config", config.toString());
        if (init.exit() != 0) {
            throw new IllegalStateException("init failed: " + init.err());
        }
        lap("countersign init", t);
        t = System.nanoTime();
        flink = FlinkSessionCluster.start(dir.resolve("flink"), 2, Duration.ofSeconds(120));
        CliRun submit = CliRun.of("lineage-index", "submit", "--rest-url", flink.restUrl().toString(), "--config", config.toString());
        if (submit.exit() != 0) {
            throw new IllegalStateException("lineage-index submit failed: " + submit.out() + submit.err() + "\n" + flink.jobManagerLogTail(80));
        }
        lap("Flink session cluster and lineage-index job", t);
        t = System.nanoTime();
        for (int i = 0; i < 2; i++) {
            pipelines.add(startPipeline());
            gateways.add(ServiceProcess.named("gateway-" + (i + 1)).command("gateway").config(config).in(dir).start());
        }
        for (ServiceProcess p : pipelines) {
            p.awaitReady(Duration.ofMinutes(3));
        }
        for (ServiceProcess g : gateways) {
            g.awaitReady(Duration.ofMinutes(3));
        }
        lap("2 pipelines and 2 gateways ready", t);
        lap("whole deployment", began);
    }

    /** A new pipeline instance (its own state directory), not yet awaited. */
    ServiceProcess startPipeline() throws IOException {
        return ServiceProcess.named("pipeline-" + (++pipelineStarts)).command("pipeline").config(config).in(dir).start();
    }

    List<URI> gatewayUrls() {
        return gateways.stream().map(ServiceProcess::url).toList();
    }

    private void lap(String what, long since) {
        startMillis.put(what, (System.nanoTime() - since) / 1_000_000);
    }

    private Path writeConfig() throws IOException {
        Path keys = dir.resolve("api-keys.yaml");
        ApiKeysFile.add(keys, new ApiKeysFile.Entry(ApiKeys.hash(agentKey), "agent:cluster-it", "user:olga@example.com", List.of("agent"), null,
                List.of("user:alice@example.com"), "cluster IT"));
        ApiKeysFile.add(keys, new ApiKeysFile.Entry(ApiKeys.hash(approverKey), "user:sam@example.com", null, List.of("approver"), "cluster IT"));
        ApiKeysFile.add(keys, new ApiKeysFile.Entry(ApiKeys.hash(stewardKey), "user:carol@example.com", null, List.of("steward"), "cluster IT"));
        Path directory = Files.writeString(dir.resolve("directory.yaml"), """
                groups:
                  data-stewards: [user:carol@example.com, user:dave@example.com]
                  security-oncall: [user:sam@example.com]
                  platform-oncall: [user:pat@example.com]
                """);
        ChannelKeyPair api = ChannelKeyPair.loadOrCreate(dir.resolve("channel-keys"), "api");
        return Files.writeString(dir.resolve("countersign.yaml"), """
                kafka:
                  bootstrapServers: %s
                registry:
                  url: %s
                opensearch:
                  url: %s
                stream-processors:
                  applicationId: %s
                  directoryFile: %s
                  keyDir: %s
                  stateDir: ${STATE_DIR:-%s}   # each pipeline process sets its own
                  unknownDatasetLabels: [PUBLIC]   # a read of a fresh dataset is allowed at once
                  http:
                    port: 0
                  channelKeys:
                    - keyId: %s
                      channel: api
                      publicKeyFile: %s
                  streams:
                    replication.factor: "3"
                    num.standby.replicas: "1"
                    consumer.session.timeout.ms: "6000"     # a killed instance's partitions move within seconds
                    consumer.heartbeat.interval.ms: "1500"
                ingest:
                  port: 0
                  apiKeysFile: %s
                  directoryFile: %s
                  ratePerSecond: 1000
                  rateBurst: 1000
                  decisionSigningKey: %s
                  decisionKeyId: %s
                """.formatted(kafka.bootstrapServers(), registry.url(), openSearch.url(), APPLICATION_ID, directory, dir.resolve("keys"), dir.resolve("state-cli"),
                api.keyId(), api.publicKeyFile(), keys, directory, api.privateKeyFile(), api.keyId()));
    }

    /** Each process's resident memory in MB, by name (Linux /proc). */
    Map<String, Long> residentMemory() {
        Map<String, Long> rss = new LinkedHashMap<>();
        for (int id = 1; id <= 3; id++) {
            rss.put("broker " + id, ServiceProcess.residentMb(kafka.pid(id)));
        }
        rss.put("Flink JobManager", ServiceProcess.residentMb(flink.jobManager().pid()));
        List<Process> tms = flink.taskManagers();
        rss.put("Flink TaskManager", ServiceProcess.residentMb(tms.get(tms.size() - 1).pid()));
        pipelines.forEach(p -> rss.put(p.name(), p.residentMb()));
        gateways.forEach(g -> rss.put(g.name(), g.residentMb()));
        rss.put("test JVM (OpenSearch, load, checks)", ServiceProcess.residentMb(ProcessHandle.current().pid()));
        ProcessHandle.current().children().filter(c -> c.info().commandLine().orElse("").contains("apicurio"))
                .forEach(c -> rss.put("schema registry", ServiceProcess.residentMb(c.pid())));
        return rss;
    }

    @Override
    public void close() {
        pipelines.forEach(ServiceProcess::close);
        gateways.forEach(ServiceProcess::close);
        for (AutoCloseable c : new AutoCloseable[] {flink, openSearch, registry, kafka}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // stopping the rest matters more than this one's error
            }
        }
    }
}
