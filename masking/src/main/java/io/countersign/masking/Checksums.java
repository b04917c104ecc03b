package io.countersign.masking;

import java.math.BigInteger;
import java.util.Locale;

/** Check-digit algorithms that tell real card numbers and IBANs from look-alikes. */
final class Checksums {

    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    private Checksums() {
    }

    /** Luhn (ISO/IEC 7812) over the digits of {@code text}, ignoring spaces and dashes; 13–19 digits. */
    static boolean luhn(String text) {
        String digits = text.replaceAll("[ -]", "");
        if (digits.length() < 13 || digits.length() > 19 || !digits.chars().allMatch(Character::isDigit)) {
            return false;
        }
        if (digits.chars().distinct().count() == 1) {
            return false; // 0000 0000 0000 0000 passes Luhn but is a placeholder, not a card
        }
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** ISO 13616 IBAN check: move the first four characters to the end, letters to numbers, mod 97 == 1. */
    static boolean iban(String text) {
        String iban = text.replace(" ", "").toUpperCase(Locale.ROOT);
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder numeric = new StringBuilder(rearranged.length() * 2);
        for (char c : rearranged.toCharArray()) {
            if (Character.isDigit(c)) {
                numeric.append(c);
            } else if (c >= 'A' && c <= 'Z') {
                numeric.append(c - 'A' + 10);
            } else {
                return false;
            }
        }
        return new BigInteger(numeric.toString()).mod(NINETY_SEVEN).intValue() == 1;
    }

    /** US SSN rules: area not 000, 666 or 9xx; group not 00; serial not 0000. */
    static boolean ssn(String text) {
        String[] parts = text.split("-");
        if (parts.length != 3) {
            return false;
        }
        int area = Integer.parseInt(parts[0]);
        return area != 0 && area != 666 && area < 900 && !parts[1].equals("00") && !parts[2].equals("0000");
    }
}
