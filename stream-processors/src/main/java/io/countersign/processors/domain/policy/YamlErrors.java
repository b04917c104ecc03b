package io.countersign.processors.domain.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns Jackson's YAML errors into {@code file:line: message} that a policy author can act on: the
 * line of the offending key (Jackson reports where it stopped reading, often the line after) and, for a
 * misspelt key, the keys that are allowed there.
 */
final class YamlErrors {

    private YamlErrors() {
    }

    static String describe(JsonProcessingException e, String yaml, String origin) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        if (e instanceof UnrecognizedPropertyException u) {
            String key = u.getPropertyName();
            int keyLine = lineOfKeyAtOrBefore(yaml, key, line);
            TreeSet<String> known = new TreeSet<>();
            u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            return origin + ":" + (keyLine > 0 ? keyLine : line) + ": unknown key '" + key + "'; expected one of " + known;
        }
        return origin + ":" + line + ": " + e.getOriginalMessage();
    }

    private static int lineOfKeyAtOrBefore(String yaml, String key, int line) {
        String[] lines = yaml.split("\n", -1);
        Pattern p = Pattern.compile("^\\s*(-\\s*)?['\"]?" + Pattern.quote(key) + "['\"]?\\s*:.*|.*[{,]\\s*" + Pattern.quote(key) + "\\s*:.*");
        for (int i = Math.min(line, lines.length) - 1; i >= 0; i--) {
            if (p.matcher(lines[i]).matches()) {
                return i + 1;
            }
        }
        return 0;
    }
}
