package io.countersign.masking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Says whether a name — a parameter's, or the key of a {@code key=value} pair inside text — announces a
 * secret value. The name is split into words at separators and camelCase humps ({@code X-Amz-Signature},
 * {@code spring.datasource.password}, {@code AccountKey}, {@code aws_secret_access_key}); it is a secret
 * name when a word is a secret word ({@code password}, {@code pwd}, {@code token}, {@code secret}...), a
 * compound ending in one ({@code dbpassword}, {@code authtoken}), or {@code key} qualified by what kind
 * ({@code api key}, {@code account key}; {@code sort_key} is not).
 *
 * <p>A name whose last word only describes the secret ({@code secret_name}, {@code token_count},
 * {@code private_key_id}, {@code password_policy}) is not a secret name: approvers need to see which secret
 * an action touches, and its value is still scanned like any text.
 */
final class SecretNames {

    private static final Set<String> SECRET_WORDS = Set.of(
            "password", "passwd", "pwd", "passphrase", "secret", "secrets", "token", "credential", "credentials",
            "creds", "apikey", "privatekey", "accesskey", "secretkey", "accountkey", "masterkey", "cookie", "signature",
            "sig", "authorization", "bearer", "cvv", "cvc", "pin", "otp", "dsn", "connectionstring", "connstr",
            "sas", "sharedaccesskey", "sharedaccesssignature", "session", "sessiontoken", "jwt", "mfa", "totp");
    /** Words that ask for a secret only as the last word of the name ({@code x-auth}, not {@code auth_method}). */
    private static final Set<String> SECRET_LAST_WORDS = Set.of("auth", "pass", "seed", "salt");
    private static final String[] SECRET_ENDINGS = {"password", "passwd", "passphrase", "secret", "token", "apikey",
            "accesskey", "privatekey", "secretkey"};
    /** What kind of key a following {@code key} is, when it is a credential. */
    private static final Set<String> KEY_QUALIFIERS = Set.of(
            "api", "access", "private", "secret", "signing", "encryption", "master", "account", "client", "shared",
            "storage", "subscription", "app", "service", "auth", "ssh", "gpg", "pgp", "license", "hmac", "sas",
            "admin", "webhook", "x");
    private static final Set<String> DESCRIPTORS = Set.of(
            "name", "names", "id", "ids", "arn", "path", "file", "ref", "reference", "count", "length", "size", "limit",
            "type", "kind", "format", "version", "expiry", "expires", "expiration", "ttl", "rotation", "policy", "hint",
            "field", "column", "enabled", "required", "min", "max", "algorithm", "alg", "url", "uri", "endpoint",
            "method", "mode", "provider", "scope", "scopes", "header", "location", "store", "manager", "rate", "timeout");

    private SecretNames() {
    }

    static boolean isSecret(String name) {
        List<String> words = words(name);
        if (words.isEmpty() || DESCRIPTORS.contains(words.get(words.size() - 1)) && words.size() > 1) {
            return false;
        }
        if (words.size() == 1 && words.get(0).equals("key")) {
            return true;
        }
        String last = words.get(words.size() - 1);
        if (SECRET_LAST_WORDS.contains(last)) {
            return true;
        }
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (SECRET_WORDS.contains(w) || w.startsWith("password") || w.startsWith("passwd") || endsWithSecret(w)
                    || w.equals("key") && i > 0 && KEY_QUALIFIERS.contains(words.get(i - 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsWithSecret(String word) {
        for (String ending : SECRET_ENDINGS) {
            if (word.endsWith(ending)) {
                return true;
            }
        }
        return false;
    }

    /** Lower-case words of {@code name}: split at non-alphanumerics and at lower-to-upper humps. */
    static List<String> words(String name) {
        List<String> out = new ArrayList<>(4);
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                flush(w, out);
                continue;
            }
            if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1))) {
                flush(w, out);
            }
            w.append(c);
        }
        flush(w, out);
        return out;
    }

    private static void flush(StringBuilder w, List<String> out) {
        if (w.length() > 0) {
            out.add(w.toString().toLowerCase(Locale.ROOT));
            w.setLength(0);
        }
    }
}
