package no.kommune.esb.hendelser;

import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;

import java.time.LocalDate;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Whether a person is in a registration's population ({@code populasjon}, docs/hendelser.md): the one rule extracts,
 * look-ups and washes share. A kommune registration: the kommune's residents (a deceased person: the kommune at the
 * death, {@link Person#sisteKommunenummer()}) within its age range on the given date; a portfolio registration: the
 * persons it registered. The events add the persons a fagsystem has had deliveries for, until it has been told that
 * they moved out ({@link #forHendelse}); the others do not. No Camel, no Spring, no I/O:
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
        return iPopulasjonen(personer, f, dato, portefolje, p -> List.of());
    }

    /**
     * As {@link #iPopulasjonen(List, Fagsystem, LocalDate, Portefolje)}, with the numbers each person was asked under
     * ({@code spurtSom}: a look-up's or a wash's number the register answered with her). A portfolio holds a person under
     * any of her numbers: the number in use, the earlier ones the register's answer names ({@link
     * Person#tidligereIdentiteter()}) and the numbers asked, all in the one question. Until session 30 it was asked for
     * the number in use only: a member registered by her D-nummer, looked up or washed by that D-nummer, was refused
     * while no {@code personidentitet} link to her fødselsnummer existed yet.
     */
    public static List<Person> iPopulasjonen(List<Person> personer, Fagsystem f, LocalDate dato, Portefolje portefolje,
                                             Function<Person, Collection<Identitetsnummer>> spurtSom) {
        if (f.populasjon() instanceof Fagsystem.Kommune kommune) {
            return personer.stream().filter(p -> iKommunen(kommune, p, dato)).toList();
        }
        if (personer.isEmpty()) {
            return List.of();
        }
        Map<Person, Set<String>> numre = new IdentityHashMap<>();
        Set<String> alle = new LinkedHashSet<>();
        for (Person p : personer) {
            Set<String> egne = new LinkedHashSet<>();
            egne.add(p.id().value());
            p.tidligereIdentiteter().forEach(n -> egne.add(n.value()));
            spurtSom.apply(p).stream().filter(Objects::nonNull).forEach(n -> egne.add(n.value()));
            numre.put(p, egne);
            alle.addAll(egne);
        }
        Set<String> med = portefolje.iPortefoljen(f.id(), List.copyOf(alle));
        return personer.stream().filter(p -> numre.get(p).stream().anyMatch(med::contains)).toList();
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
     * Whether a person outside a kommune registration's population left Norway from it: status utflyttet (alive),
     * within the age range on the date, and the last residence before the move ({@code kommuneVedUtflytting}, the
     * latest ended bostedsadresse: the register ends it at the emigration) in the registration's kommune. A wash answers
     * such a person {@code UTVANDRET} without data instead of {@code UTENFOR_POPULASJON}, a look-up {@code {"person":
     * {"utvandret": true}}} instead of an unknown number's 404: the fagsystem held them as a resident and is told why
     * they are gone. Never for a registration the look-ups are not held to ({@link
     * #gjelderOppslag}: it sees emigrants anyway), a portfolio (its members are in its population), or an emigrant of
     * whom the register gives no earlier residence.
     *
     * @param kommuneVedUtflytting the kommune of the last residence, or null when the register gives none
     */
    public static boolean utvandretFra(Fagsystem f, Person p, String kommuneVedUtflytting, LocalDate dato) {
        return kanHaUtvandretFra(f, p, dato) && ((Fagsystem.Kommune) f.populasjon()).kommunenummer().equals(kommuneVedUtflytting);
    }

    /**
     * Whether {@link #utvandretFra} could hold for the person before the register is asked for the last residence: a
     * kommune registration held to its population, an emigrant alive and within its age range. The others cost no call.
     */
    public static boolean kanHaUtvandretFra(Fagsystem f, Person p, LocalDate dato) {
        return gjelderOppslag(f) && f.populasjon() instanceof Fagsystem.Kommune kommune && p.status() == no.kommune.esb.model.Personstatus.UTFLYTTET
                && !p.erDoed() && kommune.alderTillater(p.foedselsdato(), dato);
    }

    /**
     * The events' rule for one event of a kommune registration ({@code HendelseFordeler}): what it does with it. The
     * kommune rule ({@link #iKommunen}) plus the persons the fagsystem has had deliveries for, so it also hears that
     * they moved out, but only once: the first such event tells it (the document shows the person outside the kommune)
     * and is recorded, and the person's later events stay away until the person is in the population again (a move
     * back in ends the record). Interne tjenester are not limited (DOMAIN.md: they also serve persons outside the
     * municipality): they keep hearing of the persons they have had. The age range holds throughout.
     *
     * @param hattFoer          whether the fagsystem has had a delivery for the person
     * @param varsletUtflytting the sequence number of the event that told it the person left, or null when it was not told
     */
    public static Hendelsesvalg forHendelse(Fagsystem f, Fagsystem.Kommune kommune, Person p, LocalDate dato, long sekvensnummer,
                                            boolean hattFoer, Long varsletUtflytting) {
        if (!kommune.alderTillater(p.foedselsdato(), dato)) {
            return Hendelsesvalg.UTENFOR;
        }
        if (iKommunen(kommune, p, dato)) {
            return Hendelsesvalg.BOSATT;
        }
        if (!hattFoer) {
            return Hendelsesvalg.UTENFOR;
        }
        if (f.tjenesteomraade() == Tjenesteomraade.INTERNE_TJENESTER) {
            return Hendelsesvalg.KJENT;
        }
        if (varsletUtflytting == null) {
            return Hendelsesvalg.UTFLYTTING;
        }
        // the event that told of the move, made again (a reload's new minimisation, a replay): it went, and may again
        return varsletUtflytting == sekvensnummer ? Hendelsesvalg.KJENT : Hendelsesvalg.UTENFOR;
    }

    /** What the events' rule ({@link #forHendelse}) does with one event of a kommune registration. */
    public enum Hendelsesvalg {
        /** In the population: delivered; a move out told before no longer holds (the person is back). */
        BOSATT,
        /** Outside the kommune, had before and not told yet: delivered, and recorded as the event that told of the move. */
        UTFLYTTING,
        /** Outside the kommune and delivered, nothing recorded: interne tjenester, or the event that told of the move again. */
        KJENT,
        /** Not delivered. */
        UTENFOR;

        public boolean leveres() {
            return this != UTENFOR;
        }
    }

    /**
     * Criteria for Folkeregisteret's search ({@code personer/soek}) that narrow it to persons who may be in the
     * registration's population, so its hit limits count about what the caller can be shown: the kommune
     * ({@code kommunenummer}) and the birth years its age range allows ({@code foedselsaarFraOgMed},
     * {@code foedselsaarTilOgMed}: a superset, the range is checked on the birth date after). None for a registration
     * the search is not held to ({@link #gjelderOppslag}) or a portfolio (it is not known to the register). The kommune
     * is left out when the search includes the deceased: the register ended their residence, and its filter on it is
     * not known to find them by the kommune at the death.
     */
    public static java.util.Map<String, String> soekeavgrensning(Fagsystem f, LocalDate dato, boolean medDoede) {
        java.util.Map<String, String> k = new java.util.LinkedHashMap<>();
        if (gjelderOppslag(f) && f.populasjon() instanceof Fagsystem.Kommune kommune) {
            if (!medDoede) {
                k.put("kommunenummer", kommune.kommunenummer());
            }
            if (kommune.alder() != null) {
                // age fra..til on the date: born from the day after the (til+1)th birthday back to the fra'th
                k.put("foedselsaarFraOgMed", String.valueOf(dato.getYear() - kommune.alder().til() - 1));
                k.put("foedselsaarTilOgMed", String.valueOf(dato.getYear() - kommune.alder().fra()));
            }
        }
        return k;
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
