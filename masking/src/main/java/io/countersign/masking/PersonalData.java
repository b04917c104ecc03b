package io.countersign.masking;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Personal and payment data: e-mail addresses (the domain stays), card numbers (Luhn-checked; the last
 * four digits stay, as PCI DSS allows), IBANs (mod-97-checked), US SSNs, UK National Insurance numbers
 * and phone numbers.
 */
final class PersonalData {

    static final List<MaskingRule> RULES = List.of(
            MaskingRule.onlyIfContains("@", new Detector("email",
                    Pattern.compile("(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@([A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,})\\b"),
                    null, m -> "***@" + m.substring(m.indexOf('@') + 1))),
            new Detector("iban", Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b"),
                    Checksums::iban, m -> MaskingRule.typed("iban")),
            new Detector("card", Pattern.compile("\\b\\d(?:[ -]?\\d){12,18}\\b"),
                    Checksums::luhn, m -> "[masked:card ****" + m.replaceAll("[ -]", "").substring(m.replaceAll("[ -]", "").length() - 4) + "]"),
            new Detector("ssn", Pattern.compile("\\b\\d{3}-\\d{2}-\\d{4}\\b"), Checksums::ssn, m -> MaskingRule.typed("national-id")),
            new Detector("nino", Pattern.compile("\\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]\\b"),
                    null, m -> MaskingRule.typed("national-id")),
            new Detector("phone", Pattern.compile("(?<![\\w.])\\+\\d{1,3}[ .-]?(?:\\(?\\d{1,4}\\)?[ .-]?){2,5}\\d{2,4}(?![\\w.])"
                    + "|(?<![\\w.-])\\(?\\d{3}\\)?[ .-]\\d{3}[ .-]\\d{4}(?![\\w.-])"),
                    null, m -> MaskingRule.typed("phone")));

    private PersonalData() {
    }
}
