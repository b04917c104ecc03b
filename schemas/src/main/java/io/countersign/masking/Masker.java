package io.countersign.masking;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Masks sensitive values in action parameters before anything leaves the decision pipeline for Slack,
 * the audit log or the index. Three layers, strongest first: parameters that policy names are masked
 * whole; parameters whose <em>name</em> says secret (password, token, api_key...) are masked whole; every
 * other value is scanned by detectors for e-mail addresses, phone numbers, card numbers (Luhn-checked),
 * IBANs (mod-97-checked), national ids, JWTs, private keys and well-known API key and token formats.
 *
 * <p>Masked forms say what was there ({@code [masked:jwt]}) so approvers can still judge the action; an
 * e-mail keeps its domain and a card its last four digits, which PCI DSS allows to display.
 */
public final class Masker {

    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(pass(word|wd|phrase)?|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth(orization)?|cookie|session|signature|pin|cvv|cvc)$");

    private static final List<Detector> DETECTORS = List.of(
            new Detector("private-key", Pattern.compile(
                    "-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----[\\s\\S]*?(?:-----END (?:[A-Z]+ )?PRIVATE KEY-----|$)"),
                    null, m -> Detector.typed("private-key")),
            new Detector("jwt", Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{10,}"),
                    null, m -> Detector.typed("jwt")),
            new Detector("api-key", Pattern.compile(
                    "\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b"                         // AWS access key id
                            + "|\\bgh[pousr]_[A-Za-z0-9]{36,}\\b"             // GitHub tokens
                            + "|\\bgithub_pat_[A-Za-z0-9_]{40,}\\b"
                            + "|\\bxox[abprs]-[A-Za-z0-9-]{10,}"              // Slack tokens
                            + "|\\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\\b" // Stripe keys
                            + "|\\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}"           // OpenAI-style keys
                            + "|\\bAIza[0-9A-Za-z_-]{35}\\b"                  // Google API keys
                            + "|(?i:bearer)\\s+[A-Za-z0-9._~+/=-]{20,}"),     // bearer tokens in headers
                    null, m -> Detector.typed("api-key")),
            new Detector("email", Pattern.compile("\\b[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,})\\b"),
                    null, m -> "***@" + m.substring(m.indexOf('@') + 1)),
            new Detector("iban", Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b"),
                    Checksums::iban, m -> Detector.typed("iban")),
            new Detector("card", Pattern.compile("\\b\\d(?:[ -]?\\d){12,18}\\b"),
                    Checksums::luhn, m -> "[masked:card ****" + m.replaceAll("[ -]", "").substring(m.replaceAll("[ -]", "").length() - 4) + "]"),
            new Detector("ssn", Pattern.compile("\\b\\d{3}-\\d{2}-\\d{4}\\b"), Checksums::ssn, m -> Detector.typed("national-id")),
            new Detector("nino", Pattern.compile("\\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]\\b"),
                    null, m -> Detector.typed("national-id")),
            new Detector("phone", Pattern.compile("(?<![\\w.])\\+\\d{1,3}[ .-]?(?:\\(?\\d{1,4}\\)?[ .-]?){2,5}\\d{2,4}(?![\\w.])"
                    + "|(?<![\\w.-])\\(?\\d{3}\\)?[ .-]\\d{3}[ .-]\\d{4}(?![\\w.-])"),
                    null, m -> Detector.typed("phone")));

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
        if (alwaysMask.contains(name.toLowerCase(Locale.ROOT)) || SECRET_NAME.matcher(name).matches()) {
            return value.isEmpty() ? value : Detector.typed("by-policy");
        }
        return maskText(value);
    }

    /** Masks every detected sensitive value inside free text (e.g. an agent's stated reason). */
    public static String maskText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (Detector d : DETECTORS) {
            out = d.apply(out);
        }
        return out;
    }
}
