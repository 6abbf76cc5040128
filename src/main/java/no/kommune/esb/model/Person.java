package no.kommune.esb.model;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A person as the platform sees it, mapped from Folkeregisteret (or NHN Persontjenesten).
 * Only current (gjeldende) facts, plus the identity-number history and, for a deceased person, the kommune of the
 * residence at death.
 *
 * @param gradering             the strictest grading on any of the person's addresses
 * @param bostedsadresse        residence, absent when unknown or abroad
 * @param postadresse           postal address in Norway when registered separately
 * @param postadresseIUtlandet  postal address abroad
 * @param ukjentBosted          the register says the residence is unknown
 * @param kommunenummer         the kommune of the current residence (or of the unknown residence); null when none is current
 * @param kommuneVedDoedsfall   for a deceased person: the kommune of the last residence, current or not (the register ends
 *                              a deceased person's bostedsadresse at the death, erGjeldende=false); null for the living or
 *                              when the register gave no residence. Only a kommune: the address itself stays not current
 * @param foreldreansvar        every current entry the register gives: for this person as the child, and those this
 *                              person holds for their own children ({@link #foreldreansvarForPersonen()} is the former)
 * @param tidligereIdentiteter  earlier identity numbers (e.g. a D-nummer replaced by a fødselsnummer)
 * @param uleseligeAdresser     the address elements the register gave with a value the platform cannot read (present but
 *                              malformed per the contract, e.g. a husnummer that is not a number), or where it cannot be
 *                              told which entry is current. The slot itself keeps what could be read; an address from such
 *                              an element is never written on a letter (DOMAIN.md rule 4: manual handling, never a guess).
 *                              Absent is not unreadable: a vegadresse without a house number is a readable address
 */
public record Person(Identitetsnummer id,
                     Personstatus status,
                     Navn navn,
                     LocalDate foedselsdato,
                     LocalDate doedsdato,
                     Gradering gradering,
                     Adresse bostedsadresse,
                     Adresse postadresse,
                     Adresse postadresseIUtlandet,
                     boolean ukjentBosted,
                     String kommunenummer,
                     String kommuneVedDoedsfall,
                     List<Familierelasjon> familierelasjoner,
                     List<Foreldreansvar> foreldreansvar,
                     List<DeltBosted> deltBosted,
                     List<Identitetsnummer> tidligereIdentiteter,
                     Set<Adressefelt> uleseligeAdresser) {

    public Person {
        gradering = gradering == null ? Gradering.UGRADERT : gradering;
        familierelasjoner = familierelasjoner == null ? List.of() : List.copyOf(familierelasjoner);
        foreldreansvar = foreldreansvar == null ? List.of() : List.copyOf(foreldreansvar);
        deltBosted = deltBosted == null ? List.of() : List.copyOf(deltBosted);
        tidligereIdentiteter = tidligereIdentiteter == null ? List.of() : List.copyOf(tidligereIdentiteter);
        uleseligeAdresser = uleseligeAdresser == null || uleseligeAdresser.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(uleseligeAdresser));
    }

    /** A person whose addresses could all be read (or who has none), as every source but Folkeregisteret's mapper gives. */
    public Person(Identitetsnummer id, Personstatus status, Navn navn, LocalDate foedselsdato, LocalDate doedsdato, Gradering gradering,
                  Adresse bostedsadresse, Adresse postadresse, Adresse postadresseIUtlandet, boolean ukjentBosted, String kommunenummer,
                  String kommuneVedDoedsfall, List<Familierelasjon> familierelasjoner, List<Foreldreansvar> foreldreansvar,
                  List<DeltBosted> deltBosted, List<Identitetsnummer> tidligereIdentiteter) {
        this(id, status, navn, foedselsdato, doedsdato, gradering, bostedsadresse, postadresse, postadresseIUtlandet, ukjentBosted,
                kommunenummer, kommuneVedDoedsfall, familierelasjoner, foreldreansvar, deltBosted, tidligereIdentiteter, Set.of());
    }

    /**
     * The foreldreansvar entries about this person as the child ({@link Foreldreansvar#gjelder}): who holds it for them.
     * Never the entries this person holds for their own children, which the register puts on their document too.
     */
    public List<Foreldreansvar> foreldreansvarForPersonen() {
        return foreldreansvar.stream().filter(f -> f.gjelder(this)).toList();
    }

    public boolean erDoed() {
        return status == Personstatus.DOED || doedsdato != null;
    }

    public Optional<LocalDate> doedsdatoOpt() {
        return Optional.ofNullable(doedsdato);
    }

    /**
     * The kommune a rule about where the person lives tests (a trigger's or a population's kommune): the current
     * residence's, or for a deceased person the one at death ({@link #kommuneVedDoedsfall}). A kommune to select by,
     * never a sign that the person has an address to write to.
     */
    public String sisteKommunenummer() {
        return kommunenummer != null || !erDoed() ? kommunenummer : kommuneVedDoedsfall;
    }

    /** This person with the kommune of the residence at death, learnt from a look-up with history. */
    public Person medKommuneVedDoedsfall(String kommune) {
        return new Person(id, status, navn, foedselsdato, doedsdato, gradering, bostedsadresse, postadresse, postadresseIUtlandet,
                ukjentBosted, kommunenummer, kommune, familierelasjoner, foreldreansvar, deltBosted, tidligereIdentiteter, uleseligeAdresser);
    }

    /**
     * This person with these numbers among the earlier ones too (learnt apart from the look-up that gave the person: a
     * look-up without history names only the number in use); the number in use and numbers already known are left out.
     */
    public Person medTidligereIdentiteter(java.util.Collection<Identitetsnummer> flere) {
        java.util.LinkedHashSet<Identitetsnummer> alle = new java.util.LinkedHashSet<>(tidligereIdentiteter);
        flere.stream().filter(n -> n != null && !n.equals(id)).forEach(alle::add);
        if (alle.size() == tidligereIdentiteter.size()) {
            return this;
        }
        return new Person(id, status, navn, foedselsdato, doedsdato, gradering, bostedsadresse, postadresse, postadresseIUtlandet,
                ukjentBosted, kommunenummer, kommuneVedDoedsfall, familierelasjoner, foreldreansvar, deltBosted, List.copyOf(alle), uleseligeAdresser);
    }

    @Override
    public String toString() {
        return "Person[" + id + ", " + status + ", " + gradering + "]";
    }
}
