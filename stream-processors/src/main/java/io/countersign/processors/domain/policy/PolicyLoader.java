package io.countersign.processors.domain.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import io.countersign.contracts.canonical.IntentHash;
import io.countersign.schema.Effect;
import io.countersign.schema.MatchedRule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a policy file and compiles every condition once, with the variables described in POLICY.md.
 * Either the whole policy compiles or it is rejected with every problem located as
 * {@code file:line: rule <id>: <message>}; a half-loaded policy never exists.
 */
public final class PolicyLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d)");
    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("intent", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("resource", MapType.create(SimpleType.STRING, ListType.create(SimpleType.STRING)))
            .addVar("labels", ListType.create(SimpleType.STRING))
            .addVar("agent", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("principal", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("env", SimpleType.STRING)
            .build();

    private PolicyLoader() {
    }

    record ReviewForm(@JsonProperty("approvers") List<String> approvers, @JsonProperty("quorum") Integer quorum,
                      @JsonProperty("requireReason") Boolean requireReason, @JsonProperty("ttl") String ttl,
                      @JsonProperty("mask") List<String> mask, @JsonProperty("route") String route,
                      @JsonProperty("stepUp") Boolean stepUp) {
    }

    record RuleForm(@JsonProperty("id") String id, @JsonProperty("description") String description,
                    @JsonProperty("condition") String condition, @JsonProperty("effect") String effect,
                    @JsonProperty("approvers") List<String> approvers, @JsonProperty("quorum") Integer quorum,
                    @JsonProperty("requireReason") Boolean requireReason, @JsonProperty("ttl") String ttl,
                    @JsonProperty("mask") List<String> mask, @JsonProperty("route") String route,
                    @JsonProperty("stepUp") Boolean stepUp) {
    }

    record FileForm(@JsonProperty("version") String version, @JsonProperty("defaultEffect") String defaultEffect,
                    @JsonProperty("defaultReview") ReviewForm defaultReview,
                    @JsonProperty("internalDestinations") List<String> internalDestinations,
                    @JsonProperty("environments") List<String> environments,
                    @JsonProperty("unknownEnvironment") String unknownEnvironment,
                    @JsonProperty("actions") List<String> actions, @JsonProperty("unknownActions") String unknownActions,
                    @JsonProperty("rules") List<RuleForm> rules) {
    }

    /** Classpath location of the shipped safe default policy. */
    public static final String SHIPPED_DEFAULT = "/policy/default-policy.yaml";

    /** The shipped default policy (see {@link #SHIPPED_DEFAULT}). */
    public static Policy shippedDefault() {
        try (var in = PolicyLoader.class.getResourceAsStream(SHIPPED_DEFAULT)) {
            if (in == null) {
                throw new IllegalStateException("The shipped policy " + SHIPPED_DEFAULT + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + SHIPPED_DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Policy load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new PolicyLoadException(file.toString(), List.of(file + ": cannot read: " + e.getMessage()));
        }
    }

    public static Policy parse(String yaml, String origin) {
        FileForm form;
        try {
            form = YAML.readValue(yaml, FileForm.class);
        } catch (JsonProcessingException e) {
            throw new PolicyLoadException(origin, List.of(YamlErrors.describe(e, yaml, origin)));
        }
        if (form == null) {
            throw new PolicyLoadException(origin, List.of(origin + ": the policy is empty"));
        }
        List<String> problems = new ArrayList<>();
        Effect defaultEffect = effect(form.defaultEffect() == null ? "review" : form.defaultEffect(), origin + ": defaultEffect", problems);
        ReviewRequirement defaultReview = form.defaultReview() == null
                ? new ReviewRequirement(List.of("security-oncall"), 1, false, Duration.ofHours(1), Set.of(), null)
                : review(form.defaultReview().approvers(), form.defaultReview().quorum(), form.defaultReview().requireReason(),
                form.defaultReview().ttl(), form.defaultReview().mask(), form.defaultReview().route(), form.defaultReview().stepUp(), origin + ": defaultReview", problems);
        IntentFacts facts = IntentFacts.of(form.internalDestinations(), form.environments(), form.unknownEnvironment(),
                form.actions(), form.unknownActions(), origin, problems);
        List<Policy.Compiled> compiled = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<RuleForm> rules = form.rules() == null ? List.of() : form.rules();
        for (RuleForm r : rules) {
            int line = lineOf(yaml, r.id());
            String where = origin + ":" + line + ": rule " + r.id();
            if (r.id() == null || r.id().isBlank()) {
                problems.add(origin + ":" + line + ": a rule has no id");
                continue;
            }
            if (!ids.add(r.id())) {
                problems.add(where + ": duplicate rule id");
            }
            if (r.id().equals(IntentFacts.UNKNOWN_ACTION)) {
                problems.add(where + ": the id is reserved for actions outside the policy's actions list; choose another");
            }
            Effect effect = effect(r.effect(), where, problems);
            ReviewRequirement review = null;
            if (effect == Effect.REVIEW) {
                if (r.approvers() == null || r.approvers().isEmpty()) {
                    problems.add(where + ": a review rule needs approvers (group names)");
                    continue;
                }
                review = review(r.approvers(), r.quorum(), r.requireReason(), r.ttl(), r.mask(), r.route(), r.stepUp(), where, problems);
            }
            if (r.condition() == null || r.condition().isBlank()) {
                problems.add(where + ": the rule has no condition");
                continue;
            }
            List<String> unknown = FieldCheck.unknownFields(r.condition());
            if (!unknown.isEmpty()) {
                unknown.forEach(u -> problems.add(where + ": " + u));
                continue;
            }
            CelAbstractSyntaxTree ast = compile(r.condition(), where, problems);
            if (ast == null || effect == null || (effect == Effect.REVIEW && review == null)) {
                continue;
            }
            try {
                Rule rule = new Rule(r.id(), r.description(), r.condition(), effect, review, line);
                MatchedRule match = MatchedRule.newBuilder().setId(r.id()).setDescription(r.description()).setEffect(effect).build();
                compiled.add(new Policy.Compiled(rule, CEL.createProgram(ast), match, Guard.of(ast.getExpr())));
            } catch (Exception e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new PolicyLoadException(origin, problems);
        }
        return new Policy(origin, IntentHash.sha256Hex(yaml), defaultEffect, defaultReview, compiled, facts);
    }

    private static CelAbstractSyntaxTree compile(String condition, String where, List<String> problems) {
        CelValidationResult result = CEL.compile(condition);
        if (result.hasError()) {
            problems.add(where + ": " + result.getErrorString().replace('\n', ' '));
            return null;
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            var type = ast.getResultType();
            if (!type.equals(SimpleType.BOOL) && !type.equals(SimpleType.DYN)) {
                problems.add(where + ": the condition must be true or false, but it is of type " + type.name());
                return null;
            }
            return ast;
        } catch (CelValidationException e) {
            problems.add(where + ": " + e.getMessage());
            return null;
        }
    }

    private static Effect effect(String raw, String where, List<String> problems) {
        try {
            return Effect.valueOf(raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(where + ": effect must be allow, review or deny, not '" + raw + "'");
            return null;
        }
    }

    private static ReviewRequirement review(List<String> approvers, Integer quorum, Boolean reason, String ttl, List<String> mask,
                                            String route, Boolean stepUp, String where, List<String> problems) {
        Duration d = ttl == null ? Duration.ofHours(1) : duration(ttl);
        if (d == null) {
            problems.add(where + ": ttl '" + ttl + "' must look like 30s, 30m, 2h or 1d");
            return null;
        }
        if (quorum != null && quorum < 1) {
            problems.add(where + ": quorum must be at least 1");
            return null;
        }
        return new ReviewRequirement(approvers == null ? List.of() : approvers, quorum == null ? 1 : quorum,
                Boolean.TRUE.equals(reason), d, mask == null ? Set.of() : Set.copyOf(mask), route, Boolean.TRUE.equals(stepUp));
    }

    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** The 1-based line where the rule with {@code id} starts (0 when not found). */
    private static int lineOf(String yaml, String id) {
        if (id == null) {
            return 0;
        }
        String[] lines = yaml.split("\n", -1);
        Pattern p = Pattern.compile("^\\s*(-\\s*)?id:\\s*['\"]?" + Pattern.quote(id) + "['\"]?\\s*(#.*)?$");
        for (int i = 0; i < lines.length; i++) {
            if (p.matcher(lines[i]).matches()) {
                return i + 1;
            }
        }
        return 0;
    }
}
