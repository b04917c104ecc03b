package io.countersign.config;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${VAR}}, {@code ${VAR:-default}} and {@code ${VAR:?message}} in configuration values,
 * with the shell's meaning: {@code :-} uses the default when the variable is unset or empty,
 * {@code :?} fails with the message. {@code $${} stands for a literal {@code ${}.
 *
 * <p>Substitution happens on parsed scalar values, never on raw YAML text, so a variable whose value
 * contains YAML syntax ({@code :}, {@code #}, quotes) cannot change the document's structure.
 */
public final class EnvSubstitution {

    private static final Pattern REF = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(?::([-?])((?:[^}\\\\]|\\\\.)*))?}");

    private final Function<String, String> lookup;

    public EnvSubstitution(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** Substitution from the process environment, then Java system properties. */
    public static EnvSubstitution fromEnvironment() {
        Map<String, String> env = System.getenv();
        return new EnvSubstitution(name -> {
            String value = env.get(name);
            return value != null ? value : System.getProperty(name);
        });
    }

    /**
     * Expands every reference in {@code value}.
     *
     * @param where where the value sits (e.g. {@code kafka.bootstrap.servers}), for error messages
     * @throws ConfigException when a {@code :?} variable is missing, or a plain {@code ${VAR}} is unset
     */
    public String expand(String value, String where) {
        if (value == null || value.indexOf('$') < 0) {
            return value;
        }
        Matcher m = REF.matcher(value);
        StringBuilder out = new StringBuilder(value.length());
        while (m.find()) {
            if (m.group().equals("$${")) {
                m.appendReplacement(out, Matcher.quoteReplacement("${"));
                continue;
            }
            String name = m.group(1);
            String op = m.group(2);
            String arg = m.group(3) == null ? "" : m.group(3).replace("\\}", "}");
            String current = lookup.apply(name);
            boolean missing = current == null || current.isEmpty();
            String replacement;
            if (!missing) {
                replacement = current;
            } else if ("-".equals(op)) {
                replacement = arg;
            } else if ("?".equals(op)) {
                throw new ConfigException(where + ": " + name + " is required: "
                        + (arg.isEmpty() ? "set it in the environment" : arg));
            } else {
                // A bare ${VAR} with nothing set is almost always a deployment mistake: fail loudly
                // rather than start with an empty broker address or secret.
                throw new ConfigException(where + ": environment variable " + name
                        + " is not set; set it, or write ${" + name + ":-default} to give a default");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
