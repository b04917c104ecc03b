package io.countersign.processors.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decision pipelines started in JVMs of their own ({@link PipelineProcess}) on a fixture's stack and data directory,
 * so a test can kill one with SIGKILL and start it again on the same state. Closing kills whatever still runs.
 */
final class PipelineProcesses implements AutoCloseable {

    private final PipelineFixture fixture;
    private final Path policyFile;
    private final List<String> mode;
    private final List<Process> processes = new ArrayList<>();

    /** Pipelines deciding with the policy in {@code policyFile}, read at each start; {@code mode} as {@link PipelineProcess} takes it. */
    PipelineProcesses(PipelineFixture fixture, Path policyFile, String... mode) {
        this.fixture = fixture;
        this.policyFile = policyFile;
        this.mode = List.of(mode);
    }

    /** Starts a pipeline and waits until it says it runs; its output goes to {@code pipeline-<n>.log} in the data directory. */
    Process start() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                PipelineProcess.class.getName(), fixture.endpoints.kafkaBootstrap(), fixture.endpoints.registryUrl(),
                fixture.dataDir.toString(), policyFile.toString()));
        command.addAll(mode);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Path log = fixture.dataDir.resolve("pipeline-" + processes.size() + ".log");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null && System.nanoTime() < deadline; line = out.readLine()) {
            seen.append(line).append('\n');
            if (line.startsWith("RUNNING")) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "pipeline-output");
                drain.setDaemon(true);
                drain.start();
                Files.writeString(log, seen);
                return p;
            }
        }
        Files.writeString(log, seen);
        throw new AssertionError("the pipeline process did not start; its output is in " + log);
    }

    /** SIGKILL: no shutdown hook, no commit, no clean close. */
    static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the pipeline process did not die within 30 s of SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
