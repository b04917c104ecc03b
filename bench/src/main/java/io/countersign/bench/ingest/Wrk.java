package io.countersign.bench.ingest;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives wrk (a separate process, so the load generator's cost is not charged to the gateway's JVM)
 * with keep-alive connections and reads its summary from a Lua {@code done} hook: requests, non-2xx
 * answers and latency percentiles in microseconds.
 */
final class Wrk {

    private static final Pattern RESULT = Pattern.compile("CS (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) ([0-9.]+)");

    private Wrk() {
    }

    static boolean available() {
        try {
            return new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor() >= 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** wrk's figures for {@code measure}, after {@code warmup}; {@code atMeasureStart} runs between the two. */
    static GatewayThroughputBench.PathResult post(String name, URI url, String key, String body, int connections, Duration warmup,
                                                  Duration measure, GatewayThroughputBench.Mark atMeasureStart) throws Exception {
        Path script = Files.createTempFile("countersign-wrk", ".lua");
        Files.writeString(script, """
                wrk.method = "POST"
                wrk.body = [[%s]]
                wrk.headers["Content-Type"] = "application/json"
                wrk.headers["Authorization"] = "Bearer %s"
                done = function(summary, latency, requests)
                  io.write(string.format("CS %%d %%d %%d %%d %%d %%d %%.1f\\n", summary.requests, summary.errors.status, summary.duration,
                    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.mean))
                end
                """.formatted(body, key), StandardCharsets.UTF_8);
        try {
            run(script, url, connections, warmup);
            atMeasureStart.run();
            Matcher m = RESULT.matcher(run(script, url, connections, measure));
            if (!m.find()) {
                throw new IOException("wrk printed no summary");
            }
            double seconds = Long.parseLong(m.group(3)) / 1e6;
            return new GatewayThroughputBench.PathResult(name, Long.parseLong(m.group(1)) / seconds, Long.parseLong(m.group(4)) / 1000.0,
                    Long.parseLong(m.group(5)) / 1000.0, Long.parseLong(m.group(6)) / 1000.0, Long.parseLong(m.group(2)),
                    Double.parseDouble(m.group(7)) / 1000.0);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static String run(Path script, URI url, int connections, Duration d) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("wrk", "-t2", "-c" + connections, "-d" + d.toSeconds() + "s", "-s", script.toString(), url.toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
