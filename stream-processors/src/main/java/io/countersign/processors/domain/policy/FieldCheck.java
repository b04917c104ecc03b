package io.countersign.processors.domain.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Catches misspelt fields in conditions at load time. {@code intent} and {@code agent} are maps to CEL,
 * so {@code intent.acton} would compile and fail only when evaluated (which fails safe to review, but
 * silently changes what the rule means); this check rejects it up front with the fields that exist.
 */
final class FieldCheck {

    static final Set<String> AGENT_FIELDS = Set.of("id", "framework", "model", "owner");
    static final Set<String> DESTINATION_FIELDS = Set.of("uri", "external");
    static final Set<String> INTENT_FIELDS = Set.of("action", "agent", "principal", "delegationChain", "targets",
            "destination", "parameters", "environment", "reason", "principalProven");
    static final Set<String> PRINCIPAL_FIELDS = Set.of("id", "proven", "issuer", "actor");
    private static final Map<String, Set<String>> ROOTS = Map.of("intent", INTENT_FIELDS, "agent", AGENT_FIELDS,
            "principal", PRINCIPAL_FIELDS);
    private static final Map<String, Set<String>> NESTED = Map.of("agent", AGENT_FIELDS, "destination", DESTINATION_FIELDS);

    // A quoted string literal (single or double, with escapes): removed before looking for field access.
    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern ACCESS = Pattern.compile("(?<![\\w.])(intent|agent|principal)((?:\\.\\w+)+)");
    // principal on its own, as a string: it was one before it became a map (UPGRADING.md).
    private static final Pattern BARE_PRINCIPAL = Pattern.compile("(?<![\\w.])principal(?!\\s*\\.)(?!\\w)");

    private FieldCheck() {
    }

    /** One message per unknown field in {@code condition}; empty when every field exists. */
    static List<String> unknownFields(String condition) {
        String code = STRING_LITERAL.matcher(condition).replaceAll("''");
        List<String> problems = new ArrayList<>();
        Matcher m = ACCESS.matcher(code);
        while (m.find()) {
            String[] path = m.group(2).substring(1).split("\\.");
            Set<String> fields = ROOTS.get(m.group(1));
            String at = m.group(1);
            for (String field : path) {
                if (fields == null) {
                    break; // below parameters (a free map) or a string/list value: nothing more to check
                }
                if (!fields.contains(field)) {
                    problems.add(at + " has no field '" + field + "'; it has " + new TreeSet<>(fields));
                    break;
                }
                fields = NESTED.get(field);
                at = at + "." + field;
            }
        }
        if (BARE_PRINCIPAL.matcher(code).find()) {
            problems.add("principal is a map of id, proven, issuer and actor: compare principal.id (or intent.principal)"
                    + " with a string; see UPGRADING.md");
        }
        return problems;
    }
}
