package io.countersign.masking;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Credentials recognisable by their shape alone, whatever label they carry: PEM blocks of any kind
 * (private keys of every format, including {@code OPENSSH PRIVATE KEY}, PGP key blocks, certificates),
 * JWTs (signed, unsigned and encrypted), the token formats of well-known providers, bearer and basic
 * authorisation headers, and passwords in URL userinfo ({@code postgres://user:pass@host}, Oracle's
 * {@code thin:user/pass@host}).
 *
 * <p>Every pattern is linear on hostile input: character classes that cannot overlap their
 * delimiters, possessive or bounded quantifiers, no nested repetition.
 */
final class CredentialFormats {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9]++(?: [A-Z0-9]++){0,6}+)-----[\\s\\S]*?(?:-----END [A-Z0-9 ]{1,64}+-----|\\z)");
    private static final Pattern USERINFO = Pattern.compile(
            "\\b[A-Za-z][A-Za-z0-9+.-]{1,31}+://[^\\s/?#@:\"'<>]{0,256}+:[^\\s/?#\"'<>]{1,256}@");
    private static final Pattern ORACLE_THIN = Pattern.compile("(?i)\\bthin:[^\\s/@:\"']{1,128}+/[^\\s@\"']{1,256}@");

    static final List<MaskingRule> RULES = List.of(
            MaskingRule.onlyIfContains("-----BEGIN ", new Detector("pem", PEM, null,
                    m -> MaskingRule.typed(m.substring(0, m.indexOf("-----", 5)).contains("PRIVATE") ? "private-key" : "pem"))),
            MaskingRule.onlyIfContains("eyJ", Detector.of("jwt",
                    "\\beyJ[A-Za-z0-9_-]{5,}+\\.[A-Za-z0-9_-]{2,}+\\.[A-Za-z0-9_-]*+(?:\\.[A-Za-z0-9_-]++\\.[A-Za-z0-9_-]++)?")),
            // One \b in front of the alternation, so that the alternatives are tried at word starts only.
            Detector.of("api-key", "\\b(?:"
                    + "(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}\\b" // AWS access key ids
                    + "|gh[pousr]_[A-Za-z0-9]{36,}+|github_pat_[A-Za-z0-9_]{22,}+"     // GitHub
                    + "|glpat-[A-Za-z0-9_-]{20,}+"                                    // GitLab
                    + "|xox[abposre]-[A-Za-z0-9-]{10,}+|xapp-\\d-[A-Za-z0-9-]{10,}+"   // Slack tokens
                    + "|https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]{10,}+" // Slack webhooks
                    + "|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}+|whsec_[A-Za-z0-9]{20,}+" // Stripe
                    + "|npm_[A-Za-z0-9]{36}\\b"                                       // npm
                    + "|AIza[0-9A-Za-z_-]{35}|ya29\\.[0-9A-Za-z_-]{20,}+|GOCSPX-[0-9A-Za-z_-]{20,}+" // Google
                    + "|hf_[A-Za-z0-9]{30,}+|hvs\\.[A-Za-z0-9_-]{24,}+"               // Hugging Face, Vault
                    + "|SG\\.[A-Za-z0-9_-]{16,}+\\.[A-Za-z0-9_-]{16,}+)"),            // SendGrid
            // Authorization headers: the scheme stays, the credential goes.
            new Detector("api-key", Pattern.compile("\\b(?i:bearer|basic)[ \\t]{1,8}+(?:[A-Za-z0-9._~+/=-]{20,}+"
                    + "|(?=[A-Za-z0-9+/]{0,200}+=|[A-Za-z+/]{0,200}+\\d)[A-Za-z0-9+/]{8,}+={0,2}+)"), null,
                    m -> m.substring(0, m.indexOf(' ') < 0 ? m.indexOf('\t') : m.indexOf(' ')) + " " + MaskingRule.typed("api-key")),
            // OpenAI (sk-, sk-proj-, sk-svcacct-) and Anthropic (sk-ant-api03-) keys; mixed classes, so that
            // a name such as sk-learn-pipeline-for-customers is not one.
            MaskingRule.onlyIfContains("sk-", new Detector("api-key", Pattern.compile("\\bsk-[A-Za-z0-9_-]{20,}+"),
                    HighEntropyTokens::mixesClasses, m -> MaskingRule.typed("api-key"))),
            MaskingRule.onlyIfContains("://", new Detector("password", USERINFO, null, m -> {
                int colon = m.indexOf(':', m.indexOf("://") + 3);
                return m.substring(0, colon + 1) + MaskingRule.typed("password") + "@";
            })),
            MaskingRule.onlyIfContains("@", new Detector("password", ORACLE_THIN, null,
                    m -> m.substring(0, m.indexOf('/') + 1) + MaskingRule.typed("password") + "@")));

    private CredentialFormats() {
    }
}
