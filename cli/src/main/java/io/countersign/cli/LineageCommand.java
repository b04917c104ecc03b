package io.countersign.cli;

import io.countersign.search.LineageQueries;
import io.countersign.search.OpenSearchClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code countersign lineage upstream|downstream|why}: lineage questions answered from the OpenSearch
 * indices the lineage-index job maintains.
 */
@Command(name = "lineage", mixinStandardHelpOptions = true, description = "Answers lineage questions from the OpenSearch index.",
        subcommands = {LineageCommand.Downstream.class, LineageCommand.Upstream.class, LineageCommand.Why.class})
final class LineageCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every lineage query shares. */
    static final class Common {
        @Mixin
        ConfigOption config;

        @Option(names = "--opensearch", paramLabel = "URL", description = "OpenSearch URL (default: opensearch.url from the config).")
        String openSearch;

        LineageQueries queries() {
            return new LineageQueries(OpenSearchClients.create(openSearch != null ? openSearch : config.openSearch().url()));
        }
    }

    static int print(PrintWriter out, String dataset, String direction, List<LineageQueries.Hop> hops) {
        if (hops.isEmpty()) {
            out.printf("Nothing %s of %s in the index.%n", direction, dataset);
            return 0;
        }
        for (Map.Entry<Integer, List<LineageQueries.Hop>> e : LineageQueries.byDepth(hops).entrySet()) {
            for (LineageQueries.Hop h : e.getValue()) {
                out.printf("%d  %s -> %s  (%s, %s)%n", e.getKey(), h.source(), h.target(), h.job() == null ? "no job" : h.job(),
                        h.transformation() == null ? "UNKNOWN" : h.transformation());
            }
        }
        return 0;
    }

    /** A walk from DATASET, hop by hop, in one direction. */
    abstract static class Walk implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(paramLabel = "DATASET", description = "Dataset URI, e.g. pg://crm/customers")
        String dataset;
        @Option(names = "--depth", defaultValue = "5", description = "How many hops (default ${DEFAULT-VALUE}).")
        int depth;
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        abstract String direction();

        abstract List<LineageQueries.Hop> walk(LineageQueries queries) throws IOException;

        @Override
        public Integer call() throws Exception {
            return print(spec.commandLine().getOut(), dataset, direction(), walk(common.queries()));
        }
    }

    @Command(name = "downstream", mixinStandardHelpOptions = true, description = "Datasets derived from DATASET, hop by hop.")
    static final class Downstream extends Walk {
        @Override
        String direction() {
            return "downstream";
        }

        @Override
        List<LineageQueries.Hop> walk(LineageQueries queries) throws IOException {
            return queries.downstream(dataset, depth);
        }
    }

    @Command(name = "upstream", mixinStandardHelpOptions = true, description = "Datasets DATASET was derived from, hop by hop.")
    static final class Upstream extends Walk {
        @Override
        String direction() {
            return "upstream";
        }

        @Override
        List<LineageQueries.Hop> walk(LineageQueries queries) throws IOException {
            return queries.upstream(dataset, depth);
        }
    }

    @Command(name = "why", mixinStandardHelpOptions = true, description = "Why DATASET carries LABEL: declared, or the lineage path it came along.")
    static final class Why implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(index = "0", paramLabel = "DATASET", description = "Dataset URI")
        String dataset;
        @Parameters(index = "1", paramLabel = "LABEL", description = "Label, e.g. PII")
        String label;
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Optional<LineageQueries.Explanation> why = common.queries().why(dataset, label);
            if (why.isEmpty()) {
                out.printf("%s does not carry %s (neither declared nor inherited).%n", dataset, label.toUpperCase(Locale.ROOT));
                return 1;
            }
            LineageQueries.Explanation e = why.get();
            if (e.declared()) {
                out.printf("%s is declared %s on it by a data steward.%n", dataset, e.label());
            } else {
                out.printf("%s is %s, inherited from %s:%n", dataset, e.label(), e.path().get(0));
                for (int i = 0; i + 1 < e.path().size(); i++) {
                    out.printf("  %s -> %s  via %s%n", e.path().get(i), e.path().get(i + 1), i < e.via().size() ? e.via().get(i) : "unknown");
                }
            }
            return 0;
        }
    }
}
