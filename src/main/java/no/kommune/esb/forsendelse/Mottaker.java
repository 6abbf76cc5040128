package no.kommune.esb.forsendelse;

import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;

import java.util.Objects;

/**
 * One recipient chosen by {@link Mottakervelger}: who, in which role, and the looked-up person. When the
 * recipient cannot be resolved, {@code mangel} says why (a fixed text), {@code mangelRegel} under which rule, and the
 * decision becomes manual handling.
 *
 * @param id     the recipient's identity number; null when the register names no holder
 * @param person the register's answer; null when not found or not resolvable
 */
public record Mottaker(Mottakerrolle rolle, Identitetsnummer id, Person person, String mangel, Regel mangelRegel) {

    public Mottaker {
        Objects.requireNonNull(rolle, "rolle");
        if (person == null && (mangel == null || mangel.isBlank() || mangelRegel == null)) {
            throw new IllegalArgumentException("a recipient without a person needs a mangel and its rule");
        }
    }

    static Mottaker funnet(Mottakerrolle rolle, Person person) {
        return new Mottaker(rolle, person.id(), person, null, null);
    }

    /** A holder the register names but does not give (rule 4), or a holder it does not name at all (rule 7). */
    static Mottaker mangler(Mottakerrolle rolle, Identitetsnummer id, String mangel) {
        return new Mottaker(rolle, id, null, mangel, id != null ? Regel.R4_IKKE_I_FOLKEREGISTERET : Regel.R7_INGEN_ANSVARLIG);
    }

    /**
     * A person Folkeregisteret knows but whose document in its answer cannot be read (rule 4, {@link Regel#R4_ULESBAR});
     * {@code hvem} names the role in the reason ("mottakeren", "den ansvarlige"), never the number.
     */
    static Mottaker ulesbar(Mottakerrolle rolle, Identitetsnummer id, String hvem) {
        return new Mottaker(rolle, id, null, hvem + "s dokument i Folkeregisteret kan ikke leses (en verdi i feil format, f.eks. et"
                + " identifikasjonsnummer som ikke er gyldig): personen finnes i registeret, men ingen adresse eller kanal gjettes",
                Regel.R4_ULESBAR);
    }

    /** A child with delt bosted but fewer than two holders of foreldreansvar: a case officer decides (rule 7). */
    static Mottaker deltBostedUtenToAnsvarlige() {
        return new Mottaker(Mottakerrolle.FORELDER, null, null, "delt bosted registrert, men færre enn to med foreldreansvar:"
                + " saksbehandler avgjør om den andre forelderen skal ha brevet", Regel.R7_DELT_BOSTED);
    }

    @Override
    public String toString() {
        return "Mottaker[" + rolle + ", " + id + (mangel == null ? "" : ", " + mangel) + "]";
    }
}
