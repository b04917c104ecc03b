package io.countersign.processors.domain.policy;

import io.countersign.schema.Effect;

/**
 * One policy rule as written: a CEL condition and what follows when it holds. {@code line} is where the
 * rule starts in its file, for error messages.
 */
public record Rule(String id, String description, String condition, Effect effect, ReviewRequirement review, int line) {
}
