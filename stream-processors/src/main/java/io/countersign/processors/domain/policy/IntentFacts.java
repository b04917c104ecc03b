package io.countersign.processors.domain.policy;

import io.countersign.schema.ActionIntent;
import io.countersign.schema.Destination;
import io.countersign.schema.Effect;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The facts about an intent that policy decides itself instead of taking the agent's word, from the
 * policy file (see POLICY.md, "Facts the agent cannot claim"):
 * <ul>
 * <li>{@code destination.external}: a destination is internal only when its canonical URI matches one of
 * {@code internalDestinations}; whatever the agent sent is ignored. No destination is not external.</li>
 * <li>{@code environment}: when {@code environments} are declared, an undeclared value (say
 * {@code production} for {@code prod}) is treated as {@code unknownEnvironment} (default {@code prod},
 * the most sensitive).</li>
 * <li>the action: when {@code actions} are declared, an action matching none of them gets the
 * {@code unknownActions} effect (review or deny) as the reserved rule {@value #UNKNOWN_ACTION}.</li>
 * </ul>
 */
final class IntentFacts {

    /** The rule id under which an action outside the declared vocabulary appears in verdicts. */
    static final String UNKNOWN_ACTION = "unknown-action";
    private static final Pattern PATTERN = Pattern.compile("([a-z][a-z0-9+.-]*)://([^/]+)(/.*)?");
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    /** An internal destination pattern; {@code anyPort} when it names no port, so it matches every port. */
    private record Internal(Glob glob, boolean anyPort) {
    }

    private final List<Internal> internal;
    private final Set<String> environments;
    private final String unknownEnvironment;
    private final List<Glob> actions;
    private final Effect unknownActions;

    private IntentFacts(List<Internal> internal, Set<String> environments, String unknownEnvironment, List<Glob> actions,
                        Effect unknownActions) {
        this.internal = internal;
        this.environments = environments;
        this.unknownEnvironment = unknownEnvironment;
        this.actions = actions;
        this.unknownActions = unknownActions;
    }

    /** Checks and compiles the policy file's fact settings; each problem is added to {@code problems}. */
    static IntentFacts of(List<String> internalDestinations, List<String> environments, String unknownEnvironment,
                          List<String> actions, String unknownActions, String origin, List<String> problems) {
        List<Internal> internal = new ArrayList<>();
        for (String p : internalDestinations == null ? List.<String>of() : internalDestinations) {
            var m = p == null ? null : PATTERN.matcher(p.strip());
            if (m == null || !m.matches() || m.group(2).contains("**")) {
                problems.add(origin + ": internalDestinations: '" + p + "' must look like scheme://host/path with * and **"
                        + " wildcards (** not in the host), e.g. s3://acme-data/** or https://*.acme.com/**");
                continue;
            }
            // Scheme and host are case-insensitive: compare them in lower case, the path as written.
            String authority = m.group(2).toLowerCase(Locale.ROOT);
            String text = m.group(1) + "://" + authority + (m.group(3) == null ? "" : m.group(3));
            internal.add(new Internal(Glob.of(text, '/'), !authority.contains(":")));
        }
        Set<String> envs = new LinkedHashSet<>(environments == null ? List.of() : environments);
        envs.stream().filter(e -> e == null || !ENVIRONMENT.matcher(e).matches()).forEach(e -> problems.add(origin
                + ": environments: '" + e + "' must be 1-32 lower-case letters, digits, '-' or '_', e.g. prod"));
        String unknownEnv = unknownEnvironment == null && !envs.isEmpty() ? "prod" : unknownEnvironment;
        if (unknownEnv != null && !envs.contains(unknownEnv)) {
            problems.add(origin + ": unknownEnvironment '" + unknownEnv + "' must be one of the declared environments " + envs
                    + " (an undeclared environment is treated as it; prod, the most sensitive, is the usual choice)");
        }
        List<Glob> vocabulary = null;
        if (actions != null) {
            vocabulary = new ArrayList<>();
            for (String a : actions) {
                if (a == null || a.isBlank() || a.contains(" ")) {
                    problems.add(origin + ": actions: '" + a + "' must be an action name such as db.export, or a pattern such as iam.**");
                } else {
                    vocabulary.add(Glob.of(a.strip(), '.'));
                }
            }
        }
        Effect unknown = null;
        if (unknownActions != null || vocabulary != null) {
            String raw = unknownActions == null ? "review" : unknownActions.strip().toLowerCase(Locale.ROOT);
            if (vocabulary == null) {
                problems.add(origin + ": unknownActions needs an actions list to say which actions are known");
            } else if (!raw.equals("review") && !raw.equals("deny")) {
                problems.add(origin + ": unknownActions must be review or deny, not '" + unknownActions + "'");
            } else {
                unknown = Effect.valueOf(raw.toUpperCase(Locale.ROOT));
            }
        }
        return new IntentFacts(List.copyOf(internal), Set.copyOf(envs), unknownEnv, vocabulary == null ? null : List.copyOf(vocabulary), unknown);
    }

    /**
     * {@code intent} with the facts policy decides: {@code destination.external} from the internal
     * destinations, an undeclared environment replaced. The same instance when nothing changes.
     */
    ActionIntent apply(ActionIntent intent) {
        Destination d = intent.getDestination();
        boolean external = d != null && !isInternal(d.getUri());
        boolean externalChanged = d != null && d.getExternal() != external;
        String env = intent.getEnvironment();
        boolean envChanged = unknownEnvironment != null && !environments.contains(env);
        if (!externalChanged && !envChanged) {
            return intent;
        }
        ActionIntent.Builder b = ActionIntent.newBuilder(intent);
        if (externalChanged) {
            b.setDestination(Destination.newBuilder(d).setExternal(external).build());
        }
        if (envChanged) {
            b.setEnvironment(unknownEnvironment);
        }
        return b.build();
    }

    /** Whether {@code uri} is one of the organisation's own destinations (never true for a URI that does not parse). */
    boolean isInternal(String uri) {
        if (internal.isEmpty()) {
            return false;
        }
        URI u = canonical(uri);
        if (u == null) {
            return false;
        }
        String path = u.getPath() == null ? "" : u.getPath();
        String host = u.getScheme() + "://" + u.getHost();
        String withPort = u.getPort() < 0 ? host + path : host + ":" + u.getPort() + path;
        for (Internal i : internal) {
            if (i.glob().matches(withPort) || (i.anyPort() && i.glob().matches(host + path))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The URI with lower-case scheme and host and a normalised path, or null when it cannot be matched
     * safely: no host (e.g. {@code file:}), user info ({@code https://acme.com@evil.example}) or
     * {@code ..} left in the path (also when percent-encoded).
     */
    static URI canonical(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            URI u = new URI(raw.strip()).normalize();
            if (u.getScheme() == null || u.getHost() == null || u.getRawUserInfo() != null) {
                return null;
            }
            String path = u.getPath() == null ? "" : u.getPath();
            if (("/" + path + "/").contains("/../")) {
                return null;
            }
            return new URI(u.getScheme().toLowerCase(Locale.ROOT), null, u.getHost().toLowerCase(Locale.ROOT), u.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The effect for an action outside the declared vocabulary; null when it is known or there is no vocabulary. */
    Effect unknownActionEffect(String action) {
        if (actions == null) {
            return null;
        }
        for (Glob g : actions) {
            if (g.matches(action)) {
                return null;
            }
        }
        return unknownActions;
    }
}
