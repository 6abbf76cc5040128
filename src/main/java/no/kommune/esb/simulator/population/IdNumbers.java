package no.kommune.esb.simulator.population;

import java.time.LocalDate;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Makes synthetic (Tenor-style, month + 80) fødselsnummer and D-nummer (day + 40) with the classic mod-11
 * control digits; the individual number follows the century ranges and its last digit the sex (even = woman).
 */
final class IdNumbers {

    private static final int[] K1 = {3, 7, 6, 1, 8, 9, 4, 5, 2};
    private static final int[] K2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

    private IdNumbers() {
    }

    static String generate(LocalDate birth, boolean kvinne, boolean dnummer, SplittableRandom random, Predicate<String> free) {
        int year = birth.getYear();
        int lo;
        int hi;
        if (year >= 2000) {
            lo = 500;
            hi = 999;
        } else if (year >= 1900) {
            lo = 0;
            hi = 499;
        } else {
            lo = 500;
            hi = 749;
        }
        char[] digits = new char[11];
        put2(digits, 0, birth.getDayOfMonth() + (dnummer ? 40 : 0));
        put2(digits, 2, birth.getMonthValue() + 80);
        put2(digits, 4, year % 100);
        for (int attempt = 0; attempt < 10_000; attempt++) {
            int individ = lo + random.nextInt(hi - lo + 1);
            boolean even = individ % 2 == 0;
            if (even != kvinne) {
                individ ^= 1;
            }
            digits[6] = (char) ('0' + individ / 100);
            put2(digits, 7, individ % 100);
            if (controlDigits(digits)) {
                String candidate = new String(digits);
                if (free.test(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("no free identity number left for a birth date");
    }

    private static void put2(char[] digits, int at, int value) {
        digits[at] = (char) ('0' + value / 10);
        digits[at + 1] = (char) ('0' + value % 10);
    }

    /** Fills in k1 and k2 after the nine digits; false when a control digit would be 10. */
    private static boolean controlDigits(char[] d) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (d[i] - '0') * K1[i];
        }
        int k1 = (11 - sum % 11) % 11;
        if (k1 == 10) {
            return false;
        }
        d[9] = (char) ('0' + k1);
        sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += (d[i] - '0') * K2[i];
        }
        int k2 = (11 - sum % 11) % 11;
        d[10] = (char) ('0' + k2);
        return k2 != 10;
    }
}
