package no.kommune.esb.simulator.matrikkel;

import java.util.Random;

/**
 * Deterministic synthetic numbers for the simulators: Tenor-style identity numbers (month + 80, valid
 * mod-11 control digits) and organisation numbers (mod-11, weights 3,2,7,6,5,4,3,2).
 */
public final class SyntheticIds {

    private static final int[] K1 = {3, 7, 6, 1, 8, 9, 4, 5, 2};
    private static final int[] K2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    private static final int[] ORG = {3, 2, 7, 6, 5, 4, 3, 2};

    private SyntheticIds() {
    }

    /** A synthetic fødselsnummer for someone born 1940–2019. */
    public static String tenorFoedselsnummer(Random random) {
        while (true) {
            int day = 1 + random.nextInt(28);
            int month = 1 + random.nextInt(12);
            int year = 1940 + random.nextInt(80);
            int individ = year >= 2000 ? 500 + random.nextInt(250) : random.nextInt(500);
            String base = String.format("%02d%02d%02d%03d", day, month + 80, year % 100, individ);
            int k1 = control(base, K1);
            if (k1 == 10) {
                continue;
            }
            int k2 = control(base + k1, K2);
            if (k2 == 10) {
                continue;
            }
            return base + k1 + k2;
        }
    }

    public static String organisasjonsnummer(Random random) {
        while (true) {
            String base = "9" + String.format("%07d", random.nextInt(10_000_000));
            int k = control(base, ORG);
            if (k != 10) {
                return base + k;
            }
        }
    }

    private static int control(String digits, int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += (digits.charAt(i) - '0') * weights[i];
        }
        int k = 11 - sum % 11;
        return k == 11 ? 0 : k;
    }
}
