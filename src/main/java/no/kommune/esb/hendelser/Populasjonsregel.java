package no.kommune.esb.hendelser;

import no.kommune.esb.model.Person;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Whether a person is in a registration's population ({@code populasjon}, docs/hendelser.md): the one rule extracts,
 * look-ups and washes share. A kommune registration: the kommune's residents (a deceased person: the kommune at the
 * death, {@link Person#sisteKommunenummer()}) within its age range on the given date; a portfolio registration: the
 * persons it registered. The events add the persons a fagsystem has had deliveries for before
 * ({@code HendelseFordeler}), so it also hears that they moved out; the others do not. No Camel, no Spring, no I/O:
 * the portfolio is asked through {@link Portefolje}.
 */
public final class Populasjonsregel {

    /** Which of these identity numbers a fagsystem has in its portfolio (table {@code portefolje}). */
    @FunctionalInterface
    public interface Portefolje {
        Set<String> iPortefoljen(String fagsystem, List<String> identitetsnumre);
    }

    private Populasjonsregel() {
    }

    /** The persons of the registration's population, in their order; the portfolio is asked once for all of them. */
    public static List<Person> iPopulasjonen(List<Person> personer, Fagsystem f, LocalDate dato, Portefolje portefolje) {
        if (f.populasjon() instanceof Fagsystem.Kommune kommune) {
            return personer.stream().filter(p -> iKommunen(kommune, p, dato)).toList();
        }
        if (personer.isEmpty()) {
            return List.of();
        }
        Set<String> med = portefolje.iPortefoljen(f.id(), personer.stream().map(p -> p.id().value()).toList());
        return personer.stream().filter(p -> med.contains(p.id().value())).toList();
    }

    /**
     * A kommune registration's rule: residents, and a deceased person who lived in the kommune at the death (the
     * register has ended that residence), within the age range; one who had left every kommune (emigrated, or no
     * residence known) has no kommune and is in no kommune's population.
     */
    public static boolean iKommunen(Fagsystem.Kommune kommune, Person p, LocalDate dato) {
        return kommune.kommunenummer().equals(p.sisteKommunenummer()) && kommune.alderTillater(p.foedselsdato(), dato);
    }

    /**
     * Whether look-ups and washes are held to the population: not for interne tjenester (DOMAIN.md: payroll and archive
     * also serve persons outside the municipality), nor for a registration that opens it with
     * {@code oppslag.utenforPopulasjonen: true}.
     */
    public static boolean gjelderOppslag(Fagsystem f) {
        return f.tjenesteomraade() != Tjenesteomraade.INTERNE_TJENESTER && !f.oppslag().utenforPopulasjonen();
    }
}
