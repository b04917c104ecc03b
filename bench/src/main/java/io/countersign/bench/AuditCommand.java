package io.countersign.bench;

import io.countersign.bench.audit.AuditVerifyBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code bench audit}: audit log verification rate against raw SHA-256 over the same bytes. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Audit chain verification (decode with the writer's schema, check link, sequence and content hash)",
                "next to raw SHA-256 over the same serialized records. Target: >= 200k records/s."})
final class AuditCommand implements Callable<Integer> {

    @Option(names = "--records", defaultValue = "300000", description = "Records in the generated chain (default ${DEFAULT-VALUE}).")
    int records;
    @Option(names = "--repetitions", defaultValue = "3", description = "Measured passes after one warm-up (default ${DEFAULT-VALUE}).")
    int repetitions;
    @Option(names = "--out", defaultValue = "bench/results", description = "Results directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter progress = new PrintWriter(System.out, true);
        AuditVerifyBench.Row r = AuditVerifyBench.run(records, repetitions, progress);
        String md = "| records | avg bytes | verify records/s | raw SHA-256 records/s | ratio | target ≥ 200k records/s |\n|---|---|---|---|---|---|\n"
                + String.format(Locale.ROOT, "| %,d | %.0f | %,.0f | %,.0f | %.3f | %s |%n", r.records(), r.averageBytes(), r.verifyPerSecond(),
                r.sha256PerSecond(), r.ratio(), r.verifyPerSecond() >= 200_000 ? "met" : "missed");
        Results.write(out, "audit-verify", List.of(Map.of("result", r)), md, progress);
        return 0;
    }
}
