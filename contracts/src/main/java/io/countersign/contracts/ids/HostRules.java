package io.countersign.contracts.ids;

import java.lang.Character.UnicodeScript;
import java.net.IDN;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The canonical host of a dataset URI: percent-decoded, NFKC-normalised, lower-case ASCII. An
 * internationalised host is converted to punycode ({@code xn--…}), so a look-alike such as a Cyrillic
 * {@code с} in {@code сrm} shows as a different host instead of passing for {@code crm}; a label that
 * mixes scripts (Latin with Cyrillic or Greek, say) is refused outright, whether written in Unicode or
 * in punycode.
 */
final class HostRules {

    private static final Pattern ASCII_HOST = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]{2,45}]");
    /** Scripts that Japanese, Chinese and Korean names mix legitimately: counted as one. */
    private static final Set<UnicodeScript> HAN_FAMILY = EnumSet.of(
            UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA, UnicodeScript.HANGUL, UnicodeScript.BOPOMOFO);

    private HostRules() {
    }

    static String canonical(String raw) {
        String host = UriText.nfkc(UriText.percentDecode(raw, "host"));
        UriText.requireVisible(host, "host", false);
        if (host.startsWith("[")) {
            String v6 = host.toLowerCase(Locale.ROOT);
            if (!IPV6.matcher(v6).matches()) {
                throw UriText.refuse("host is a malformed IPv6 literal; write it as [2001:db8::1], without a zone");
            }
            return v6;
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1); // the root label: crm.example.com. is crm.example.com
        }
        if (host.isEmpty()) {
            return host;
        }
        String ascii;
        try {
            ascii = IDN.toASCII(host).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw UriText.refuse("host is not a valid internationalised domain name; write it in ASCII or valid IDN");
        }
        if (!ASCII_HOST.matcher(ascii).matches() || ascii.length() > 253) {
            throw UriText.refuse("host may hold only letters, digits, '-', '_' and '.' between non-empty labels"
                    + " (user names, passwords and other characters do not belong in a dataset URI)");
        }
        for (String label : ascii.split("\\.")) {
            requireOneScript(label.startsWith("xn--") ? unicode(label) : label);
        }
        return ascii;
    }

    private static String unicode(String punycodeLabel) {
        String u = IDN.toUnicode(punycodeLabel);
        UriText.requireVisible(u, "host", false);
        return u;
    }

    private static void requireOneScript(String label) {
        UnicodeScript seen = null;
        for (int i = 0; i < label.length(); ) {
            int cp = label.codePointAt(i);
            i += Character.charCount(cp);
            UnicodeScript s = UnicodeScript.of(cp);
            if (s == UnicodeScript.COMMON || s == UnicodeScript.INHERITED) {
                continue;
            }
            s = HAN_FAMILY.contains(s) ? UnicodeScript.HAN : s;
            if (seen != null && seen != s) {
                throw UriText.refuse("host mixes scripts (for example Latin and Cyrillic) within one label, as look-alike"
                        + " hosts do; write each label of the host in one script");
            }
            seen = s;
        }
    }
}
