package io.countersign.processors.domain.policy;

import java.util.List;

/** A policy that cannot be used, with every problem as {@code file:line: rule id: message}. */
public class PolicyLoadException extends RuntimeException {

    private final List<String> problems;

    public PolicyLoadException(String origin, List<String> problems) {
        super("Policy " + origin + " was rejected:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
