package io.countersign.processors.domain.policy;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A test on one variable path that a rule's condition requires, found in the compiled CEL: a top-level
 * conjunct such as {@code intent.action == 'db.export'}, {@code intent.action.startsWith('iam.')},
 * {@code 'PII' in labels} or {@code 'ticket' in intent.parameters}. Because the conjunct must hold for
 * the whole condition to be true, a rule whose guard fails cannot match, which lets {@link RuleIndex}
 * skip it without running CEL.
 */
record Guard(Kind kind, List<String> path, String literal) {

    enum Kind { EQUALS, PREFIX, SUFFIX, CONTAINS }

    /** The guards of a condition: every top-level {@code &&} conjunct that has one of the recognised forms. */
    static List<Guard> of(CelExpr condition) {
        List<Guard> guards = new ArrayList<>();
        collect(condition, guards);
        return guards;
    }

    private static void collect(CelExpr e, List<Guard> out) {
        if (e.getKind() != CelExpr.ExprKind.Kind.CALL) {
            return;
        }
        CelExpr.CelCall call = e.call();
        List<CelExpr> args = call.args();
        switch (call.function()) {
            case "_&&_" -> args.forEach(a -> collect(a, out));
            case "_==_" -> {
                path(args.get(0)).flatMap(p -> string(args.get(1)).map(l -> new Guard(Kind.EQUALS, p, l))).ifPresent(out::add);
                path(args.get(1)).flatMap(p -> string(args.get(0)).map(l -> new Guard(Kind.EQUALS, p, l))).ifPresent(out::add);
            }
            case "@in" -> path(args.get(1)).flatMap(p -> string(args.get(0)).map(l -> new Guard(Kind.CONTAINS, p, l))).ifPresent(out::add);
            case "startsWith", "endsWith" -> {
                if (call.target().isPresent() && args.size() == 1) {
                    Kind kind = call.function().equals("startsWith") ? Kind.PREFIX : Kind.SUFFIX;
                    path(call.target().get()).flatMap(p -> string(args.get(0)).map(l -> new Guard(kind, p, l))).ifPresent(out::add);
                }
            }
            default -> {
                // Any other conjunct (negation, comprehension, numeric test) is left to CEL.
            }
        }
    }

    /** {@code a.b.c} as [a, b, c] when the expression is a plain chain of field selections on a variable. */
    private static Optional<List<String>> path(CelExpr e) {
        List<String> reversed = new ArrayList<>();
        CelExpr cur = e;
        while (cur.getKind() == CelExpr.ExprKind.Kind.SELECT && !cur.select().testOnly()) {
            reversed.add(cur.select().field());
            cur = cur.select().operand();
        }
        if (cur.getKind() != CelExpr.ExprKind.Kind.IDENT) {
            return Optional.empty();
        }
        List<String> path = new ArrayList<>(reversed.size() + 1);
        path.add(cur.ident().name());
        for (int i = reversed.size() - 1; i >= 0; i--) {
            path.add(reversed.get(i));
        }
        return Optional.of(List.copyOf(path));
    }

    private static Optional<String> string(CelExpr e) {
        return e.getKind() == CelExpr.ExprKind.Kind.CONSTANT && e.constant().getKind() == CelConstant.Kind.STRING_VALUE
                ? Optional.of(e.constant().stringValue()) : Optional.empty();
    }
}
