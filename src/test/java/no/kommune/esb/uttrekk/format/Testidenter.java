package no.kommune.esb.uttrekk.format;

import no.kommune.esb.model.Identitetsnummer;

import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Synthetic identity numbers for tests (Tenor style: month + 80), with valid control digits; never a real person. */
public final class Testidenter {

    private static final int[] K1 = {3, 7, 6, 1, 8, 9, 4, 5, 2};
    private static final int[] K2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    /** Numbers handed out, so two calls never give the same person's number. */
    private static final Set<String> BRUKT = ConcurrentHashMap.newKeySet();

    private Testidenter() {
    }

    /** A synthetic fødselsnummer for the date, the first free individual number from {@code fra} (0-499 for 1900-1999, 500-999 for 2000-2039). */
    public static Identitetsnummer syntetisk(LocalDate dato, int fra) {
        return lag(dato.getDayOfMonth(), dato, fra);
    }

    /** A synthetic D-nummer (day + 40) for the date. */
    public static Identitetsnummer dnummer(LocalDate dato, int fra) {
        return lag(dato.getDayOfMonth() + 40, dato, fra);
    }

    private static Identitetsnummer lag(int dag, LocalDate dato, int fra) {
        int start = dato.getYear() >= 2000 ? 500 + fra % 250 : fra % 500;
        for (int individ = start; individ < start + 250; individ++) {
            String s = String.format("%02d%02d%02d%03d", dag, dato.getMonthValue() + 80, dato.getYear() % 100, individ);
            int sum1 = 0;
            for (int i = 0; i < 9; i++) {
                sum1 += (s.charAt(i) - '0') * K1[i];
            }
            int k1 = (11 - sum1 % 11) % 11;
            if (k1 == 10) {
                continue;
            }
            String t = s + k1;
            int sum2 = 0;
            for (int i = 0; i < 10; i++) {
                sum2 += (t.charAt(i) - '0') * K2[i];
            }
            int k2 = (11 - sum2 % 11) % 11;
            if (k2 == 10 || !BRUKT.add(t + k2)) {
                continue;
            }
            return Identitetsnummer.of(t + k2);
        }
        throw new IllegalStateException("no individual number free");
    }
}
