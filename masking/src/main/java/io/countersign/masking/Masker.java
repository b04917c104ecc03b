package io.countersign.masking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Masks sensitive values in an intent's parameters and reason before anything leaves the decision
 * pipeline for a topic, Slack, the audit log or the index. Parameters that policy names are masked
 * whole; so are parameters whose <em>name</em> says secret ({@link SecretNames}: password, pwd,
 * secret_key, api_key, token...). Every other value, and every free text, is masked by value, in this
 * order: credentials of a known shape ({@link CredentialFormats}: PEM blocks, JWTs, cloud and SaaS keys,
 * passwords in URLs), values of secret-named keys inside the text ({@link KeyValueSecrets}:
 * {@code password=hunter2}, {@code "secret": "x"}, {@code Password=..;}, {@code ?sig=..}), personal data
 * ({@link PersonalData}) and finally unlabelled random-looking tokens ({@link HighEntropyTokens}).
 *
 * <p>Masked forms say what was there ({@code [masked:jwt]}, {@code password=[masked:secret]}) so
 * approvers can still judge the action; an e-mail keeps its domain and a card its last four digits,
 * which PCI DSS allows to display. Masking is idempotent: masking a masked text changes nothing.
 */
public final class Masker {

    private static final List<MaskingRule> CREDENTIALS = rules(CredentialFormats.RULES, List.of(new KeyValueSecrets()));
    private static final List<MaskingRule> ALL = rules(CREDENTIALS, PersonalData.RULES, List.of(new HighEntropyTokens()));

    private final Set<String> alwaysMask;

    /** @param alwaysMask parameter names that policy says to mask whole, whatever their value */
    public Masker(Collection<String> alwaysMask) {
        this.alwaysMask = alwaysMask.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** A masker with only the built-in name rules and detectors. */
    public static Masker detectorsOnly() {
        return new Masker(List.of());
    }

    /** A masked copy of {@code parameters}, in the same order. */
    public Map<String, String> mask(Map<String, String> parameters) {
        Map<String, String> out = new LinkedHashMap<>();
        parameters.forEach((name, value) -> out.put(name, maskParameter(name, value)));
        return out;
    }

    /** The masked form of one parameter. */
    public String maskParameter(String name, String value) {
        if (value == null) {
            return null;
        }
        if (alwaysMask.contains(name.toLowerCase(Locale.ROOT)) || SecretNames.isSecret(name)) {
            return value.isEmpty() ? value : MaskingRule.typed("by-policy");
        }
        return maskText(value);
    }

    /** Masks every detected sensitive value inside free text (e.g. an agent's stated reason). */
    public static String maskText(String text) {
        return apply(ALL, text);
    }

    /**
     * Masks only credentials (known formats, URL userinfo, secret-named query parameters) in an identifier
     * such as a dataset or destination URI, which must otherwise stay exactly as it is to be recognised.
     */
    public static String maskCredentials(String identifier) {
        return apply(CREDENTIALS, identifier);
    }

    private static String apply(List<MaskingRule> rules, String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (MaskingRule rule : rules) {
            out = rule.apply(out);
        }
        return out;
    }

    @SafeVarargs
    private static List<MaskingRule> rules(List<? extends MaskingRule>... parts) {
        List<MaskingRule> out = new ArrayList<>();
        for (List<? extends MaskingRule> part : parts) {
            out.addAll(part);
        }
        return List.copyOf(out);
    }
}
