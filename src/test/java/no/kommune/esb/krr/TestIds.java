package no.kommune.esb.krr;

import no.kommune.esb.model.Identitetsnummer;

import java.util.ArrayList;
import java.util.List;

/** Valid synthetic (month + 80) identity numbers for tests, generated with the classic mod-11 control digits. */
final class TestIds {

    private static final int[] K1 = {3, 7, 6, 1, 8, 9, 4, 5, 2};
    private static final int[] K2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

    private TestIds() {
    }

    static List<Identitetsnummer> synthetic(int count) {
        List<Identitetsnummer> ids = new ArrayList<>();
        for (int n = 0; ids.size() < count; n++) {
            int day = 1 + n % 28;
            int month = 81 + (n / 28) % 12;
            int individ = 100 + (n / (28 * 12)) % 400;
            String base = "%02d%02d85%03d".formatted(day, month, individ);
            int k1 = control(base, K1);
            if (k1 < 0) {
                continue;
            }
            int k2 = control(base + k1, K2);
            if (k2 < 0) {
                continue;
            }
            ids.add(Identitetsnummer.of(base + k1 + k2));
        }
        return ids;
    }

    private static int control(String digits, int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += (digits.charAt(i) - '0') * weights[i];
        }
        int k = (11 - sum % 11) % 11;
        return k == 10 ? -1 : k;
    }
}
