package io.countersign.bench;

import io.countersign.bench.replay.ReplayBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;

/** {@code bench replay}: policy replay of synthetic past decisions against the candidate policy's bare evaluation. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Policy replay (PolicyReplay over synthetic past decisions) next to the candidate policy's own evaluation of the",
                "same intents, interleaved, min/median/max over the repetitions. Target: 1,000,000 in under a minute on 2 cores."})
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--decisions", defaultValue = "1000000", description = "Past decisions replayed per repetition (default ${DEFAULT-VALUE}).")
    int decisions;
    @Option(names = "--pool", defaultValue = "20000", description = "Distinct past decisions the history cycles through (default ${DEFAULT-VALUE}).")
    int pool;
    @Option(names = "--rules", defaultValue = "100", description = "Rules in the generated candidate policy (default ${DEFAULT-VALUE}).")
    int rules;
    @Option(names = "--repetitions", defaultValue = "3", description = "Measured rounds after one warm-up (default ${DEFAULT-VALUE}).")
    int repetitions;
    @Option(names = "--out", defaultValue = "bench/results", description = "Results directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter progress = new PrintWriter(System.out, true);
        List<ReplayBench.Round> rounds = ReplayBench.run(decisions, pool, rules, repetitions, progress);
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%,d past decisions, %,d-rule candidate, %d interleaved rounds"
                + " (min / median / max).%n%n| figure | min | median | max |%n|---|---|---|---|%n", decisions, rules, rounds.size()));
        row(md, "replay, s", rounds, ReplayBench.Round::replaySeconds, "%.2f");
        row(md, "bare evaluation (baseline), s", rounds, ReplayBench.Round::evaluateSeconds, "%.2f");
        row(md, "ratio replay / evaluation", rounds, ReplayBench.Round::ratio, "%.2f");
        row(md, "replayed per second", rounds, r -> decisions / r.replaySeconds(), "%,.0f");
        double median = Spread.of(rounds, ReplayBench.Round::replaySeconds).median();
        md.append(String.format(Locale.ROOT, "%nTarget: %,d in under 60 s on 2 cores: %s (median %.1f s; %,d of each round flip).%n",
                decisions, median < 60 && decisions >= 1_000_000 ? "met" : "missed", median, rounds.get(0).flipped()));
        Results.write(out, "policy-replay", List.of(Map.of("rounds", rounds)), md.toString(), progress);
        return 0;
    }

    private static void row(StringBuilder md, String name, List<ReplayBench.Round> rounds, ToDoubleFunction<ReplayBench.Round> f, String fmt) {
        Spread v = Spread.of(rounds, f);
        md.append(String.format(Locale.ROOT, "| %s | " + fmt + " | " + fmt + " | " + fmt + " |%n", name, v.min(), v.median(), v.max()));
    }
}
