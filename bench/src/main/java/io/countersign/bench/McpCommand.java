package io.countersign.bench;

import io.countersign.bench.mcp.McpOverheadBench;
import io.countersign.bench.mcp.McpOverheadBench.Repetition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;

/**
 * {@code bench mcp}: the MCP gateway's overhead on an auto-allowed {@code tools/call} against calling the same
 * upstream server directly with the same client, and the gate's own latency, in one run ({@link McpOverheadBench}).
 */
@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = {"MCP gateway overhead on an auto-allowed tools/call (Java MCP SDK client over stdio) vs calling the same upstream",
                "directly, and the gate alone (submit + verdict), interleaved repetitions. Target: gateway p99 - direct p99 <= gate p99 + 5 ms."})
final class McpCommand implements Callable<Integer> {

    @Option(names = "--calls", defaultValue = "300", description = "Calls per path per repetition (default ${DEFAULT-VALUE}).")
    int calls;
    // The gateway is a child JVM started for the run. Its own work at p50 fell from 7.4 ms after 100 warm-up calls to 5.7
    // after 1,500 and 3.8 after 4,000, as its HTTP client, JSON and MCP code were compiled: overhead a gateway running for
    // hours does not pay (bench/README, 2026-12-02 third pass).
    @Option(names = "--warmup", defaultValue = "4000", description = {"Untimed calls per path first (default ${DEFAULT-VALUE}): enough for the",
            "gateway's child JVM to compile its hot paths, as a long-running gateway has."})
    int warmup;
    @Mixin
    Repetitions repetitions = new Repetitions();

    @Override
    public Integer call() throws Exception {
        PrintWriter progress = new PrintWriter(System.out, true);
        List<Repetition> reps = McpOverheadBench.run(calls, warmup, repetitions.count(), progress);
        Map<String, ToDoubleFunction<Repetition>> figures = new LinkedHashMap<>();
        figures.put("direct p50 ms", Repetition::directP50);
        figures.put("direct p99 ms", Repetition::directP99);
        figures.put("gateway p50 ms", Repetition::gatewayP50);
        figures.put("gateway p99 ms", Repetition::gatewayP99);
        figures.put("gate alone p50 ms", Repetition::gateP50);
        figures.put("gate alone p99 ms", Repetition::gateP99);
        figures.put("overhead p50 ms (gateway - direct)", r -> r.gatewayP50() - r.directP50());
        figures.put("overhead p99 ms (gateway - direct)", r -> r.gatewayP99() - r.directP99());
        figures.put("gateway / direct p50", r -> r.gatewayP50() / r.directP50());
        figures.put("gateway / direct p99", r -> r.gatewayP99() / r.directP99());
        figures.put("overhead p99 - gate p99 ms (target <= 5)", r -> r.gatewayP99() - r.directP99() - r.gateP99());
        figures.put("overhead p50 - gate p50 ms (the gateway's own MCP work)", r -> r.gatewayP50() - r.directP50() - r.gateP50());
        StringBuilder md = new StringBuilder("| figure | min | median | max |\n|---|---|---|---|\n");
        Map<String, Object> json = new LinkedHashMap<>();
        for (Map.Entry<String, ToDoubleFunction<Repetition>> f : figures.entrySet()) {
            Spread v = Spread.of(reps, f.getValue());
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |%n", f.getKey(), v.min(), v.median(), v.max()));
            json.put(f.getKey(), Map.of("min", v.min(), "median", v.median(), "max", v.max()));
        }
        long met = reps.stream().filter(r -> r.gatewayP99() - r.directP99() <= r.gateP99() + 5).count();
        md.append(String.format(Locale.ROOT, "%nTarget (gateway p99 - direct p99 <= gate p99 + 5 ms, per repetition): met in %d of %d.%n"
                + "%d calls per path per repetition, one at a time, after %d untimed; paths interleaved in rotating order.%n", met, reps.size(),
                calls, warmup));
        json.put("repetitions", reps);
        json.put("targetMetInRepetitions", met);
        Results.write(repetitions.out, "mcp-gateway", List.of(json), md.toString(), progress);
        return 0;
    }
}
