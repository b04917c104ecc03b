package io.countersign.cli;

import io.countersign.approvals.opensearch.BlastRadiusConfig;
import io.countersign.config.KafkaSettings;
import io.countersign.config.RegistrySettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.embedded.EmbeddedStack;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.StackOptions;
import io.countersign.ingest.IngestConfig;
import io.countersign.ingest.IngestGateway;
import io.countersign.processors.GateMode;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * {@code countersign up}: runs the embedded stack — a KRaft Kafka broker, Apicurio Registry and an
 * OpenSearch node, all on loopback — creates the topics, registers the schemas, starts the decision
 * pipeline, the ingest gateway, the Slack and Teams bots (when configured), the lineage-index Flink job and the
 * dashboards on them,
 * prints every endpoint
 * and stays up until Ctrl-C, when everything stops cleanly.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Runs Countersign on its embedded stack (Kafka, schema registry, OpenSearch) until Ctrl-C.",
                "Data is kept under the data directory across restarts."})
final class UpCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where to keep data (default: embedded.dataDir, .countersign/data).")
    Path dataDir;

    @Option(names = "--kafka-port", description = "Kafka listener port on 127.0.0.1 (default 9092; 0 = any free port).")
    Integer kafkaPort;

    @Option(names = "--registry-port", description = "Schema registry port on 127.0.0.1 (default 8081; 0 = any free port).")
    Integer registryPort;

    @Option(names = "--opensearch-port", description = "OpenSearch HTTP port on 127.0.0.1 (default 9200; 0 = any free port).")
    Integer openSearchPort;

    @Option(names = "--ingest-port", description = "Ingest gateway HTTP port on 127.0.0.1 (default ingest.port, 8088; 0 = any free port).")
    Integer ingestPort;

    @Option(names = "--dashboards-port", description = "Dashboards HTTP port on 127.0.0.1 (default dashboards.port, 8090; 0 = any free port).")
    Integer dashboardsPort;

    @Option(names = "--once", description = "Start, provision and print the endpoints, then stop (for checks and scripts).")
    boolean once;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EmbeddedSettings s = config.embedded();
        Path dir = (dataDir != null ? dataDir : Path.of(s.dataDir())).toAbsolutePath();
        Files.createDirectories(dir);
        StackOptions options = new StackOptions(dir,
                kafkaPort != null ? kafkaPort : s.kafkaPort(),
                registryPort != null ? registryPort : s.registryPort(),
                openSearchPort != null ? openSearchPort : s.openSearchPort(),
                true, true, true);
        out.printf("Starting Countersign's embedded stack in %s ...%n", dir);
        out.flush();
        long t0 = System.nanoTime();
        EmbeddedStack stack = EmbeddedStack.start(options);
        // Services run on the stack, so they stop first, newest first.
        List<AutoCloseable> services = new CopyOnWriteArrayList<>(List.of(stack));
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            closeAll(services);
            stopped.countDown();
        }, "countersign-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Endpoints e = stack.endpoints();
        KafkaSettings kafka = config.kafka().withBootstrapServers(e.kafkaBootstrap());
        SchemaRegistryClient registry = Registries.client(new RegistrySettings(e.registryUrl(), null, null));
        Provisioning.provision(kafka.clientProperties(Map.of()), registry, (short) 1, out);
        DecisionPipeline pipeline;
        EmbeddedChannelKeys.Wired channels;
        try {
            channels = EmbeddedChannelKeys.wire(dir, config.ingest(), config.approvalBot(), config.teamsBot(), config.streamProcessors(), out);
            pipeline = DecisionPipeline.start(kafka, registry, channels.pipeline(), dir, out);
        } catch (RuntimeException | IOException ex) {
            stack.close();
            throw ex;
        }
        services.add(0, pipeline); // stopped before the stack it runs on
        try {
            // Cards and the approval API show the blast radius from the embedded node's lineage index unless configured elsewhere.
            BlastRadiusConfig blast = config.blastRadius().enabled() ? config.blastRadius() : config.blastRadius().withOpensearchUrl(e.openSearchUrl());
            // Behind the first-wins gate the gateway answers from the gate's decisions, else an agent would wait for the chain.
            IngestConfig ingest = channels.ingest().withGateDecisions(channels.ingest().gateDecisions()
                    || channels.pipeline().gate() == GateMode.FIRST_WINS);
            IngestGateway gateway = Gateway.start(kafka, registry, ingest, blast, ingestPort, dir, pipeline.directoryFile(), out);
            services.add(0, gateway);
            McpDemo.write(dir, gateway.url(), out);
            SlackBot.start(kafka, registry, channels.bot(), blast, dir, pipeline.directoryFile(), out).ifPresent(bot -> services.add(0, bot));
            TeamsApprovals.start(kafka, registry, channels.teams(), blast, dir, pipeline.directoryFile(), out).ifPresent(bot -> services.add(0, bot));
            services.add(0, AuditIndex.start(e.kafkaBootstrap(), e.registryUrl(), e.openSearchUrl(), out));
            services.add(0, Dashboards.start(kafka, registry, e.openSearchUrl(), config.dashboards(), dashboardsPort, dir,
                    pipeline.auditPublicKey(), out));
        } catch (Exception ex) {
            closeAll(services);
            throw ex;
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        out.printf("%nCountersign is up (%.1f s, %s resident):%n", millis / 1000.0, ProcessStats.residentMemory());
        out.printf("  Kafka bootstrap:   %s%n", e.kafkaBootstrap());
        out.printf("  Schema registry:   %s%n", e.registryUrl());
        out.printf("  OpenSearch:        %s%n", e.openSearchUrl());
        stack.startupTimes().forEach((service, d) -> out.printf("  (%s started in %.1f s)%n", service, d.toMillis() / 1000.0));
        out.flush();
        if (once) {
            Runtime.getRuntime().removeShutdownHook(hook);
            closeAll(services);
            out.println("Stopped (--once).");
            return 0;
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }

    private static void closeAll(List<AutoCloseable> services) {
        for (AutoCloseable service : services) {
            try {
                service.close();
            } catch (Exception e) {
                // Keep stopping the rest: a half-stopped stack would leave the registry child process behind.
                LoggerFactory.getLogger(UpCommand.class).warn("{} did not stop cleanly: {}",
                        service.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
