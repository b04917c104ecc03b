package io.countersign.cli;

import io.countersign.audit.AuditLogReader;
import io.countersign.contracts.topics.Topics;
import io.countersign.processors.adapter.in.audit.AuditHistory;
import io.countersign.processors.adapter.in.audit.AuditIndexHistory;
import io.countersign.processors.domain.policy.replay.PastDecision;
import io.countersign.schema.ActionIntent;
import io.countersign.search.AuditIndexScan;
import io.countersign.search.OpenSearchClients;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.replay.PolicyReplay;
import io.countersign.processors.domain.policy.replay.ReplayReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code countersign policy replay}: replays the intents of a period from the audit log, each with the labels it
 * was classified with at the time, through a candidate policy, and reports which it would decide differently
 * ({@link PolicyReplay}; rendered by {@link ReplayReports}). The history is read from {@code countersign.audit}
 * ({@link AuditHistory}) or, with {@code --index}, from the OpenSearch audit index ({@link AuditIndexHistory}). Exit 0 when nothing flips, 3 when something does
 * (so CI can gate a policy change on it), 65 when the policy does not compile. Only the report goes to stdout; progress
 * ("replayed N intents…" every {@code --progress-every}), the summary and compile errors go to stderr, so
 * {@code --format json > report.json} stays one JSON document.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replays past intents from the audit log through a candidate policy and reports what would change:",
                "counts by old -> new effect, by the rule that made the difference, by agent and action, and each flipped intent.",
                "Labels are those recorded when each intent was classified. Exit 0: nothing flips; 3: something does; 65: bad policy.",
                "Example: countersign policy replay --policy new-policy.yaml --since 30d --filter action=db.* --format md"})
final class PolicyReplayCommand implements Callable<Integer> {

    /** Exit code when the candidate decides at least one past intent differently. */
    static final int FLIPS = 3;

    @Mixin
    ConfigOption config;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "The candidate policy YAML file.")
    Path policyFile;

    @Option(names = "--since", paramLabel = "AGE", description = "Replay intents of the last AGE: 90m, 12h, 30d (default 30d, unless --from is given).")
    String since;

    @Option(names = "--from", paramLabel = "INSTANT", description = "Start of the period (ISO-8601, e.g. 2026-11-01T00:00:00Z).")
    Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "End of the period, exclusive (default: now).")
    Instant to;

    @Option(names = "--filter", paramLabel = "action=GLOB", description = "Only intents whose action matches, e.g. action=db.* (* within a segment).")
    String filter;

    @Option(names = "--index", paramLabel = "URL",
            description = "Read the history from the OpenSearch audit index at URL (e.g. http://127.0.0.1:9200) instead of the audit topic.")
    String index;

    @Option(names = "--format", defaultValue = "md", description = "md (default), json or csv.")
    ReplayReports.Format format;

    @Option(names = "--max-flips", defaultValue = "1000", description = "How many flipped intents to list (all are counted; default 1000).")
    int maxFlips;

    // An option, not a constant, so a test (or a person watching a short period) sees progress without 100,000 intents.
    @Option(names = "--progress-every", paramLabel = "N", defaultValue = "" + PolicyReplay.PROGRESS_EVERY,
            description = "Print \"replayed N intents…\" to stderr after every N intents (default 100,000); the report alone goes to stdout.")
    long progressEvery;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (progressEvery < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--progress-every must be at least 1 (got " + progressEvery + ")");
        }
        Policy candidate = PolicyCommand.load(policyFile, err);
        if (candidate == null) {
            return PolicyCommand.INVALID;
        }
        Instant end = to != null ? to : Instant.now();
        Instant start = from != null ? from : end.minus(age(since == null ? "30d" : since));
        Pattern action = actionFilter(filter);
        Predicate<ActionIntent> filter = i -> action == null || action.matcher(i.getAction()).matches();
        if (index != null) {
            return report(AuditIndexHistory.read(AuditIndexScan.classified(OpenSearchClients.create(index), start, end), filter),
                    candidate, start, end, out, err);
        }
        try (AuditLogReader reader = AuditLogReader.open(config.kafka().clientProperties(Map.of()), Registries.client(config.registry()))) {
            return report(AuditHistory.read(reader, Topics.AUDIT.name(), start, end, filter), candidate, start, end, out, err);
        }
    }

    private int report(Iterator<PastDecision> history, Policy candidate, Instant start, Instant end, PrintWriter out, PrintWriter err) {
        ReplayReport report = PolicyReplay.replay(history, candidate, maxFlips, progressEvery, n -> {
            err.printf("replayed %,d intents…%n", n); // flushed: progress on a long replay only helps when seen as it happens
            err.flush();
        });
        ReplayReports.write(report, start, end, format, out);
        out.flush();
        err.printf("%,d intents replayed, %,d would be decided differently by %s (version %s)%n", report.replayed(), report.flipped(),
                policyFile, candidate.version());
        err.flush();
        return report.anyFlip() ? FLIPS : 0;
    }

    private static Duration age(String text) {
        Matcher m = Pattern.compile("(\\d{1,6})([mhd])").matcher(text.strip());
        if (!m.matches()) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new PolicyReplayCommand()),
                    "--since must look like 90m, 12h or 30d (got " + text + ")");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static Pattern actionFilter(String filter) {
        if (filter == null) {
            return null;
        }
        if (!filter.startsWith("action=") || filter.length() == "action=".length()) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new PolicyReplayCommand()),
                    "--filter must look like action=db.* (got " + filter + ")");
        }
        String glob = filter.substring("action=".length());
        return Pattern.compile(Pattern.quote(glob).replace("*", "\\E[^.]*\\Q"));
    }
}
