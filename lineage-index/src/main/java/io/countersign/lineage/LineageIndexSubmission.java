package io.countersign.lineage;

import io.countersign.lineage.adapter.out.FlinkRestClient;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Puts the lineage-index job on a Flink session cluster through its REST API, idempotently: when a job
 * named {@link LineageIndexJob#NAME} is already there (running, starting or restarting), it says so and
 * submits nothing, because two copies would index everything twice and propagate labels from two graphs.
 * Otherwise it uploads the job jar, runs {@link LineageIndexJob#main} with the cluster coordinates the
 * job needs, and waits until Flink reports the job RUNNING. Progress goes to {@code out}, one line a step.
 *
 * @param jar           the shaded job jar ({@code lineage-index/target/countersign-lineage-index-VERSION-job.jar})
 * @param bootstrap     Kafka bootstrap servers as the Flink cluster reaches them
 * @param registryUrl   schema registry URL as the Flink cluster reaches it
 * @param openSearchUrl OpenSearch URL as the Flink cluster (the JobManager, which runs {@code main}, and the TaskManagers) reaches it
 * @param checkpointMs  checkpoint interval
 * @param savepoint     a savepoint to start from, or null
 * @param allowNonRestoredState whether state in the savepoint that no operator claims may be skipped
 */
public record LineageIndexSubmission(Path jar, String bootstrap, String registryUrl, String openSearchUrl, long checkpointMs,
                                     String savepoint, boolean allowNonRestoredState) {

    /** Job states in which the job is there or coming back: submitting another would run it twice. */
    static final Set<String> PRESENT = Set.of("INITIALIZING", "CREATED", "RUNNING", "RESTARTING", "RECONCILING", "FAILING", "SUSPENDED");

    /** What a submission did. */
    public enum Outcome { ALREADY_RUNNING, SUBMITTED }

    /** The program arguments {@link LineageIndexJob#main} reads. */
    public List<String> programArgs() {
        return List.of("--bootstrap", bootstrap, "--registry", registryUrl, "--opensearch", openSearchUrl,
                "--checkpoint-ms", Long.toString(checkpointMs));
    }

    /** Submits unless the job is already there; waits up to {@code waitRunning} for RUNNING. */
    public Outcome submit(FlinkRestClient flink, PrintWriter out, Duration waitRunning) throws IOException, InterruptedException {
        Optional<FlinkRestClient.Job> existing = present(flink);
        if (existing.isPresent()) {
            out.printf("%s is already %s on %s (job %s): nothing submitted.%n", LineageIndexJob.NAME, existing.get().state(), flink.url(),
                    existing.get().id());
            out.flush();
            return Outcome.ALREADY_RUNNING;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IOException("the lineage-index job jar " + jar + " does not exist: build it with mvn -pl lineage-index -am package"
                    + " (it is lineage-index/target/countersign-lineage-index-VERSION-job.jar), or pass --jar");
        }
        out.printf("Uploading %s (%d KiB) to %s ...%n", jar.getFileName(), Files.size(jar) / 1024, flink.url());
        out.flush();
        String jarId = flink.upload(jar);
        String jobId = flink.run(jarId, LineageIndexJob.class.getName(), programArgs(), savepoint, allowNonRestoredState);
        out.printf("Submitted %s as job %s%s.%n", LineageIndexJob.NAME, jobId, savepoint == null ? "" : " from savepoint " + savepoint);
        out.flush();
        // The job graph and its classes now live in the cluster's blob store; the uploaded copy would only pile up.
        flink.delete(jarId);
        String state = awaitRunning(flink, jobId, waitRunning);
        out.printf("Job %s is %s.%n", jobId, state);
        out.flush();
        return Outcome.SUBMITTED;
    }

    /**
     * Where the build puts the job jar: next to the lineage-index classes this JVM runs (its
     * {@code target/} in a source checkout, the directory of {@code countersign-lineage-index-VERSION.jar}
     * otherwise), else {@code lineage-index/target} under the working directory.
     */
    public static Path defaultJar() {
        List<Path> candidates = new ArrayList<>();
        try {
            Path classes = Path.of(LineageIndexJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            candidates.add(classes.getParent());
        } catch (URISyntaxException | RuntimeException e) {
            // No code source (unusual class loader): fall back to the working directory.
        }
        candidates.add(Path.of("lineage-index", "target"));
        for (Path dir : candidates) {
            try (var files = Files.list(dir)) {
                Optional<Path> jar = files.filter(f -> f.getFileName().toString().matches("countersign-lineage-index-.+-job\\.jar")).findFirst();
                if (jar.isPresent()) {
                    return jar.get();
                }
            } catch (IOException e) {
                // Not there: try the next place.
            }
        }
        return Path.of("lineage-index", "target", "countersign-lineage-index-VERSION-job.jar");
    }

    /** The lineage-index job if the cluster has it in a state where it runs or will run again. */
    public static Optional<FlinkRestClient.Job> present(FlinkRestClient flink) throws IOException {
        return flink.jobs().stream().filter(j -> j.name().equals(LineageIndexJob.NAME) && PRESENT.contains(j.state())).findFirst();
    }

    private static String awaitRunning(FlinkRestClient flink, String jobId, Duration wait) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        String state = flink.state(jobId);
        while (!state.equals("RUNNING")) {
            if (state.equals("FAILED") || state.equals("CANCELED") || state.equals("FINISHED")) {
                throw new IOException("job " + jobId + " is " + state + (state.equals("FAILED")
                        ? ": " + flink.rootException(jobId).orElse("no exception recorded") + " (see the JobManager's log)" : ""));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("job " + jobId + " is still " + state + " after " + wait.toSeconds()
                        + " s: does the cluster have a free task slot? (see " + flink.url() + "#/job/running/" + jobId + ")");
            }
            Thread.sleep(250);
            state = flink.state(jobId);
        }
        return state;
    }
}
