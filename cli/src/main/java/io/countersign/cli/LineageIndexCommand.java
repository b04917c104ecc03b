package io.countersign.cli;

import io.countersign.lineage.LineageIndexSubmission;
import io.countersign.lineage.LocalLineageIndex;
import io.countersign.lineage.adapter.out.FlinkRestClient;
import io.countersign.service.ServiceLifecycle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code countersign lineage-index submit|run}: the lineage-index Flink job (reads the audit, lineage and
 * labels topics; writes OpenSearch, {@code countersign.labels.inherited} and {@code countersign.lineage})
 * on a Flink session cluster through its REST API, or on a MiniCluster in this process. The work is done
 * by {@link LineageIndexSubmission} and {@link LocalLineageIndex}; this class parses and dispatches.
 */
@Command(name = "lineage-index", mixinStandardHelpOptions = true, description = "Runs the lineage-index Flink job: on a Flink cluster, or locally.",
        subcommands = {LineageIndexCommand.Submit.class, LineageIndexCommand.Run.class})
final class LineageIndexCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = {"Submits the lineage-index job jar to a Flink session cluster through its REST API, unless the job already runs there.",
                    "Kafka, the schema registry and OpenSearch are taken from the config, as the Flink cluster reaches them."})
    static final class Submit implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Option(names = "--rest-url", paramLabel = "URL", defaultValue = "${env:FLINK_REST_URL:-http://127.0.0.1:8081}",
                description = "Flink's REST endpoint (the JobManager's rest.address:rest.port). Default: $FLINK_REST_URL, else ${DEFAULT-VALUE}.")
        URI restUrl;
        @Option(names = "--jar", paramLabel = "FILE",
                description = "The job jar (default: countersign-lineage-index-VERSION-job.jar from the lineage-index build).")
        Path jar;
        @Option(names = "--checkpoint-ms", defaultValue = "5000", description = "Checkpoint interval in ms (default ${DEFAULT-VALUE}).")
        long checkpointMs;
        @Option(names = "--savepoint", paramLabel = "PATH", description = "Start from this savepoint (e.g. after stopping the job with a savepoint for an upgrade).")
        String savepoint;
        @Option(names = "--allow-non-restored-state", description = "With --savepoint: skip savepoint state no operator of the new job claims.")
        boolean allowNonRestoredState;
        @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "120", description = "How long to wait for the job to be RUNNING (default ${DEFAULT-VALUE}).")
        long waitSeconds;
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (!config.kafka().properties().isEmpty() || config.registry().username() != null) {
                // The job takes addresses only (program arguments are visible in Flink's web UI, so no secrets go there).
                out.println("Note: kafka.properties and registry credentials from the config are not passed to the Flink job; "
                        + "it connects to Kafka and the registry without them.");
            }
            LineageIndexSubmission submission = new LineageIndexSubmission(jar != null ? jar : LineageIndexSubmission.defaultJar(),
                    config.kafka().bootstrapServers(), config.registry().url(), config.openSearch().url(), checkpointMs, savepoint,
                    allowNonRestoredState);
            submission.submit(new FlinkRestClient(restUrl, Duration.ofSeconds(30)), out, Duration.ofSeconds(waitSeconds));
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Runs the lineage-index job on a Flink MiniCluster in this process (single host, every port on loopback)"
                    + " until Ctrl-C or SIGTERM."})
    static final class Run implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            String bootstrap = config.kafka().bootstrapServers();
            String openSearch = config.openSearch().url();
            LocalLineageIndex job = LocalLineageIndex.start(bootstrap, config.registry().url(), openSearch);
            out.printf("lineage-index job %s running on a local Flink MiniCluster: %s → %s. Press Ctrl-C to stop.%n", job.jobId(), bootstrap,
                    openSearch);
            out.flush();
            // SIGTERM and Ctrl-C wake this thread, so the job is cancelled here and the command exits 0.
            ServiceLifecycle.awaitStopSignal();
            job.close();
            out.println("lineage-index job cancelled; stopped.");
            out.flush();
            return 0;
        }
    }
}
