package io.countersign.processors.domain.policy;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Narrows a policy's rules to those that can match an intent, so that a policy of thousands of rules
 * costs a few hash lookups plus CEL for the handful of candidates, not CEL for every rule.
 *
 * <p>Each rule is filed under its most selective {@link Guard} (the one fewest other rules share); rules
 * with no guard are always candidates. Skipping is exact, never a heuristic: a guard is a top-level
 * conjunct, and CEL's {@code &&} is false whenever one side is false, even if the other side errs. When
 * a guarded variable is missing or not of the type the guard tests, every rule filed under that path
 * stays a candidate, so CEL reports the same match or error it would have without the index.
 */
final class RuleIndex {

    /** Rules filed under one variable path and guard kind, by literal. */
    private record Bucket(Guard.Kind kind, List<String> path, Map<String, BitSet> byLiteral, BitSet all, int[] lengths) {
    }

    private final int size;
    private final BitSet unguarded = new BitSet();
    private final List<Bucket> buckets;

    RuleIndex(List<List<Guard>> guardsByRule) {
        this.size = guardsByRule.size();
        Map<Guard, Integer> shared = new HashMap<>();
        guardsByRule.forEach(gs -> gs.forEach(g -> shared.merge(g, 1, Integer::sum)));
        Map<String, Map<String, BitSet>> literals = new HashMap<>();
        Map<String, Guard> keys = new HashMap<>();
        for (int i = 0; i < size; i++) {
            Guard best = null;
            for (Guard g : guardsByRule.get(i)) {
                if (best == null || shared.get(g) < shared.get(best)) {
                    best = g;
                }
            }
            if (best == null) {
                unguarded.set(i);
                continue;
            }
            String key = best.kind() + ":" + String.join(".", best.path());
            keys.putIfAbsent(key, best);
            literals.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(best.literal(), l -> new BitSet(size)).set(i);
        }
        this.buckets = keys.entrySet().stream().map(e -> bucket(e.getValue(), literals.get(e.getKey()))).toList();
    }

    private static Bucket bucket(Guard g, Map<String, BitSet> byLiteral) {
        BitSet all = new BitSet();
        byLiteral.values().forEach(all::or);
        TreeSet<Integer> lengths = new TreeSet<>();
        byLiteral.keySet().forEach(l -> lengths.add(l.length()));
        return new Bucket(g.kind(), g.path(), Map.copyOf(byLiteral), all, lengths.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Positions of the rules that may match, in rule order. */
    BitSet candidates(Map<String, Object> vars) {
        BitSet out = (BitSet) unguarded.clone();
        for (Bucket b : buckets) {
            Object value = resolve(vars, b.path());
            switch (b.kind()) {
                case EQUALS -> {
                    if (value instanceof String s) {
                        or(out, b.byLiteral().get(s));
                    } else {
                        out.or(b.all());
                    }
                }
                case PREFIX, SUFFIX -> {
                    if (value instanceof String s) {
                        for (int len : b.lengths()) {
                            if (len > s.length()) {
                                break;
                            }
                            String part = b.kind() == Guard.Kind.PREFIX ? s.substring(0, len) : s.substring(s.length() - len);
                            or(out, b.byLiteral().get(part));
                        }
                    } else {
                        out.or(b.all());
                    }
                }
                case CONTAINS -> {
                    Iterable<?> elements = value instanceof Map<?, ?> m ? m.keySet() : value instanceof List<?> l ? l : null;
                    if (elements == null) {
                        out.or(b.all());
                    } else {
                        for (Object element : elements) {
                            if (element instanceof String s) {
                                or(out, b.byLiteral().get(s));
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Number of rules that are not filed under a guard and so are evaluated for every intent. */
    int unguardedCount() {
        return unguarded.cardinality();
    }

    private static void or(BitSet out, BitSet rules) {
        if (rules != null) {
            out.or(rules);
        }
    }

    private static Object resolve(Map<String, Object> vars, List<String> path) {
        Object cur = vars.get(path.get(0));
        for (int i = 1; i < path.size() && cur != null; i++) {
            cur = cur instanceof Map<?, ?> m ? m.get(path.get(i)) : null;
        }
        return cur;
    }
}
