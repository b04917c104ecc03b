package io.countersign.embedded.cluster;

import io.countersign.embedded.Ports;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Flink standalone session cluster on this machine, each part its own OS process, as a Flink
 * distribution's {@code start-cluster.sh} would start them: a JobManager JVM
 * ({@code StandaloneSessionClusterEntrypoint}) and TaskManager JVMs ({@code TaskManagerRunner}), from the
 * Flink jars on the caller's class path (flink-runtime, flink-runtime-web for the REST jar handlers,
 * flink-clients for running jars, flink-streaming-java, log4j). A generated {@code config.yaml} binds
 * every endpoint to 127.0.0.1, keeps memory small and checkpoints to {@code dir/checkpoints}. Logs are
 * {@code dir/jobmanager.log} and {@code dir/taskmanager-N.log}. Closing it stops every process it started.
 */
public final class FlinkSessionCluster implements AutoCloseable {

    /** What of a class path the cluster gets: Flink itself and what it needs, not the application or its connectors. */
    private static final Pattern RUNTIME = Pattern.compile(".*[/\\\\](org[/\\\\]apache[/\\\\]flink|org[/\\\\]apache[/\\\\]logging[/\\\\]log4j|org[/\\\\]slf4j"
            + "|com[/\\\\]esotericsoftware|org[/\\\\]objenesis|commons-[a-z]+|org[/\\\\]apache[/\\\\]commons|org[/\\\\]xerial|org[/\\\\]lz4|com[/\\\\]github[/\\\\]luben"
            + "|org[/\\\\]javassist|com[/\\\\]google[/\\\\]code[/\\\\]findbugs|tools[/\\\\]profiler|org[/\\\\]snakeyaml|org[/\\\\]yaml)[/\\\\].*\\.jar");
    /**
     * Connectors the job jar must carry itself, as on a real cluster (a Flink distribution has the datagen
     * connector, which flink-streaming-java needs, but no Kafka connector), and test jars.
     */
    private static final Pattern NOT_RUNTIME = Pattern.compile(".*(flink-connector-(?!datagen)|-tests\\.jar|flink-test-utils).*");
    private static final List<String> JVM_OPENS = Stream.of("java.lang", "java.net", "java.io", "java.nio", "sun.nio.ch", "java.lang.reflect",
            "java.text", "java.time", "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "java.util.concurrent.locks")
            .map(p -> "--add-opens=java.base/" + p + "=ALL-UNNAMED").toList();

    private final Path dir;
    private final String classPath;
    private final int restPort;
    private final Process jobManager;
    private final List<Process> taskManagers = new ArrayList<>();

    private FlinkSessionCluster(Path dir, String classPath, int restPort, Process jobManager) {
        this.dir = dir;
        this.classPath = classPath;
        this.restPort = restPort;
        this.jobManager = jobManager;
    }

    /**
     * Starts a JobManager and one TaskManager with {@code slots} slots; returns once the TaskManager has
     * registered, or fails after {@code timeout} naming the log to read.
     */
    public static FlinkSessionCluster start(Path dir, int slots, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("conf"));
        int restPort = Ports.free();
        Files.writeString(dir.resolve("conf/config.yaml"), String.join("\n",
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + Ports.free(),
                "jobmanager.bind-host: 127.0.0.1",
                "jobmanager.memory.process.size: 768m",
                "taskmanager.host: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                // What Flink's start scripts would compute from taskmanager.memory.process.size and pass as -D: the
                // TaskManager refuses to start without them. Heap = framework + task heap (-Xmx384m below).
                "taskmanager.cpu.cores: 2",
                "taskmanager.memory.framework.heap.size: 128m",
                "taskmanager.memory.task.heap.size: 256m",
                "taskmanager.memory.framework.off-heap.size: 128m",
                "taskmanager.memory.task.off-heap.size: 0m",
                "taskmanager.memory.network.min: 64m",
                "taskmanager.memory.network.max: 64m",
                "taskmanager.memory.managed.size: 64m",
                "taskmanager.memory.jvm-metaspace.size: 256m",
                "taskmanager.memory.jvm-overhead.min: 128m",
                "taskmanager.memory.jvm-overhead.max: 128m",
                "taskmanager.numberOfTaskSlots: " + slots,
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "blob.server.port: 0",
                "parallelism.default: 1",
                "execution.checkpointing.dir: " + dir.resolve("checkpoints").toUri(),
                "execution.checkpointing.savepoint-dir: " + dir.resolve("savepoints").toUri(),
                "web.upload.dir: " + dir.resolve("web-upload"),
                "io.tmp.dirs: " + dir.resolve("tmp"),
                ""));
        Files.createDirectories(dir.resolve("tmp"));
        Files.writeString(dir.resolve("conf/log4j2.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = file",
                "appender.file.type = File",
                "appender.file.name = file",
                "appender.file.fileName = ${sys:log.file}",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{HH:mm:ss.SSS} %-5p %-40c{1.} %m%n",
                ""));
        String classPath = flinkClassPath();
        FlinkSessionCluster cluster = new FlinkSessionCluster(dir, classPath,
                restPort, launch(dir, classPath, "jobmanager", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", "512m"));
        try {
            cluster.startTaskManager();
            cluster.awaitTaskManagers(1, timeout);
        } catch (IOException | RuntimeException | InterruptedException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Flink's REST endpoint, e.g. {@code http://127.0.0.1:41234}. */
    public URI restUrl() {
        return URI.create("http://127.0.0.1:" + restPort);
    }

    public Process jobManager() {
        return jobManager;
    }

    /** The TaskManagers started so far, newest last (killed ones included). */
    public List<Process> taskManagers() {
        return List.copyOf(taskManagers);
    }

    /** Starts another TaskManager JVM (e.g. to replace one killed with {@code kill -9}). */
    public Process startTaskManager() throws IOException {
        Process tm = launch(dir, classPath, "taskmanager-" + (taskManagers.size() + 1), "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                "384m");
        taskManagers.add(tm);
        return tm;
    }

    /** Waits until {@code count} TaskManagers are registered with the JobManager. */
    public void awaitTaskManagers(int count, Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!jobManager.isAlive()) {
                throw new IllegalStateException("the Flink JobManager exited with " + jobManager.exitValue() + ": see " + dir.resolve("jobmanager.log"));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(restUrl().resolve("/overview")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = r.body();
                var m = Pattern.compile("\"taskmanagers\"\\s*:\\s*(\\d+)").matcher(last);
                if (r.statusCode() == 200 && m.find() && Integer.parseInt(m.group(1)) >= count) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString(); // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Flink at " + restUrl() + " has not " + count + " TaskManager(s) after " + timeout.toSeconds() + " s (" + last
                + "): see the logs in " + dir);
    }

    private static Process launch(Path dir, String classPath, String name, String mainClass, String heap) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap, "-Xms64m",
                "-XX:MaxDirectMemorySize=256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog.file=" + dir.resolve(name + ".log"), "-Dlog4j.configurationFile=" + dir.resolve("conf/log4j2.properties").toUri()));
        cmd.addAll(JVM_OPENS);
        cmd.addAll(List.of("-cp", classPath, mainClass, "--configDir", dir.resolve("conf").toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".out").toFile()).start();
    }

    /**
     * The Flink runtime jars from this JVM's class path (under Surefire/Failsafe, the test class path it
     * records), without the application, its connectors or test jars: the job must bring those in its jar.
     */
    static String flinkClassPath() {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String cp = Stream.of(full.split(Pattern.quote(File.pathSeparator))).filter(e -> RUNTIME.matcher(e).matches())
                .filter(e -> !NOT_RUNTIME.matcher(e).matches()).collect(Collectors.joining(File.pathSeparator));
        if (!cp.contains("flink-runtime-web")) {
            throw new IllegalStateException("flink-runtime-web is not on the class path: the REST API could not take jars."
                    + " Add org.apache.flink:flink-runtime-web (and flink-clients) as test dependencies.");
        }
        return cp;
    }

    /** The last {@code lines} lines of the JobManager's log, for a failing test's message. */
    public String jobManagerLogTail(int lines) {
        try {
            List<String> all = Files.readAllLines(dir.resolve("jobmanager.log"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no JobManager log: " + e.getMessage() + ")";
        }
    }

    /** Stops the TaskManagers, then the JobManager (SIGTERM, then SIGKILL after 10 s each). */
    @Override
    public void close() {
        taskManagers.forEach(FlinkSessionCluster::stop);
        stop(jobManager);
    }

    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
