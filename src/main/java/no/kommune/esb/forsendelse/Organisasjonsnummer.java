package no.kommune.esb.forsendelse;

import java.util.Objects;

/** A Norwegian organisation number (Enhetsregisteret): 9 digits, the last a mod-11 control digit (weights 3,2,7,6,5,4,3,2). */
public final class Organisasjonsnummer {

    private static final int[] WEIGHTS = {3, 2, 7, 6, 5, 4, 3, 2};

    private final String value;

    private Organisasjonsnummer(String value) {
        this.value = value;
    }

    /** @throws IllegalArgumentException when not 9 digits with a matching control digit */
    public static Organisasjonsnummer of(String value) {
        if (!isValid(value)) {
            throw new IllegalArgumentException("invalid organisation number: must be 9 digits with a mod-11 control digit");
        }
        return new Organisasjonsnummer(value);
    }

    /** ASCII digits only: fullwidth and other scripts' digits are refused, as for identity numbers. */
    public static boolean isValid(String value) {
        if (value == null || value.length() != 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (value.charAt(i) - '0') * WEIGHTS[i];
        }
        int control = 11 - sum % 11;
        if (control == 11) {
            control = 0;
        }
        return control != 10 && control == value.charAt(8) - '0';
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Organisasjonsnummer other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    /** Organisation numbers are public, so they are shown in full. */
    @Override
    public String toString() {
        return value;
    }
}
