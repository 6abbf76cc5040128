package no.kommune.esb.forsendelse;

import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;

import java.util.Objects;

/**
 * One recipient chosen by {@link Mottakervelger}: who, in which role, and the looked-up person. When the
 * recipient cannot be resolved, {@code mangel} says why (a fixed text) and the decision becomes manual handling.
 *
 * @param id     the recipient's identity number; null when the register names no holder
 * @param person the register's answer; null when not found or not resolvable
 */
public record Mottaker(Mottakerrolle rolle, Identitetsnummer id, Person person, String mangel) {

    public Mottaker {
        Objects.requireNonNull(rolle, "rolle");
        if (person == null && (mangel == null || mangel.isBlank())) {
            throw new IllegalArgumentException("a recipient without a person needs a mangel");
        }
    }

    static Mottaker funnet(Mottakerrolle rolle, Person person) {
        return new Mottaker(rolle, person.id(), person, null);
    }

    static Mottaker mangler(Mottakerrolle rolle, Identitetsnummer id, String mangel) {
        return new Mottaker(rolle, id, null, mangel);
    }

    @Override
    public String toString() {
        return "Mottaker[" + rolle + ", " + id + (mangel == null ? "" : ", " + mangel) + "]";
    }
}
