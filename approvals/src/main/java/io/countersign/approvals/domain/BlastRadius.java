package io.countersign.approvals.domain;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an approval would expose beyond its targets, from the lineage index: the datasets downstream of the
 * targets that inherit their labels (hop by hop up to a depth; an edge that masks or aggregates stops the
 * walk, as it stops label propagation), how many of them carry each label, and how many distinct agents
 * used them in the window. Or {@link Unavailable}: the index could not say in time, and the card says so
 * instead of holding the request back.
 *
 * <p>{@link #line()} is the one line every channel shows ("feeds 14 datasets in 3 hops, 2 labelled PII; used by
 * 5 agents this month"). Label names come from the index (anyone who may declare a label wrote them): they are
 * made visible and cut here ({@link DisplayText}), but each channel still escapes the line for its markup.
 */
public sealed interface BlastRadius {

    /** How many labels the line names before "… N more labels". */
    int LINE_LABELS = 3;
    /** Labels that say a dataset is not sensitive: not counted as "labelled". */
    Set<String> NOT_SENSITIVE = Set.of("PUBLIC", "UNCLASSIFIED");

    /** The line an approver reads, not escaped for any markup. */
    String line();

    /**
     * The blast radius for a JSON view (the approval API, the dashboards): its line and counts, or
     * {@code available: false} and why. Strings are not escaped: the JSON encoder and each client do that.
     */
    default Map<String, Object> view() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("line", line());
        out.put("available", this instanceof Known);
        if (this instanceof Known k) {
            out.put("datasets", k.datasets());
            out.put("hops", k.hops());
            out.put("capped", k.capped());
            out.put("labelled", k.labelled());
            out.put("consumers", k.consumers());
            out.put("windowDays", k.windowDays());
        } else if (this instanceof Unavailable u) {
            out.put("reason", u.reason());
        }
        return out;
    }

    /**
     * {@code datasets} downstream datasets reached in {@code hops} hops ({@code capped}: the walk stopped at its
     * cap, there are more), {@code labelled} how many of them carry each sensitive label (most first; {@link #NOT_SENSITIVE}
     * ones are left out), {@code consumers}
     * distinct agents that used them in the last {@code windowDays} days.
     */
    record Known(int datasets, int hops, boolean capped, Map<String, Integer> labelled, int consumers, int windowDays)
            implements BlastRadius {

        public Known {
            if (datasets < 0 || hops < 0 || consumers < 0 || windowDays < 1) {
                throw new IllegalArgumentException("a blast radius counts from zero over a window of at least a day");
            }
            // Most frequent label first, then by name, so every channel names the same ones when it cuts.
            labelled = labelled.entrySet().stream().filter(e -> e.getValue() > 0 && !NOT_SENSITIVE.contains(e.getKey()))
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        }

        @Override
        public String line() {
            if (datasets == 0) {
                return "feeds no other datasets" + used();
            }
            String head = "feeds " + datasets + (capped ? "+" : "") + plural(datasets, " dataset") + " in " + hops + plural(hops, " hop");
            List<String> labels = labelled.entrySet().stream().limit(LINE_LABELS)
                    .map(e -> e.getValue() + " labelled " + DisplayText.cut(DisplayText.oneLine(e.getKey()), 40)).toList();
            String more = labelled.size() > LINE_LABELS ? ", … " + (labelled.size() - LINE_LABELS) + " more labels" : "";
            return head + (labels.isEmpty() ? ", none labelled" : ", " + String.join(", ", labels) + more) + used();
        }

        private String used() {
            String window = windowDays == 30 ? " this month" : " in the last " + windowDays + plural(windowDays, " day");
            return "; used by " + consumers + plural(consumers, " agent") + window;
        }

        private static String plural(int n, String noun) {
            return n == 1 ? noun : noun + "s";
        }
    }

    /** The index could not answer ({@code reason}: "lineage index unreachable"); the request goes out without it. */
    record Unavailable(String reason) implements BlastRadius {

        public static final Unavailable UNREACHABLE = new Unavailable("lineage index unreachable");

        @Override
        public String line() {
            return "blast radius unavailable (" + reason + ")";
        }
    }
}
