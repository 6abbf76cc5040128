package no.kommune.esb.proaktiv;

import no.kommune.esb.model.Person;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.Period;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether an event about a person starts a trigger: the event type is one of the trigger's, and the person, as the
 * register answers after the event, meets every condition. The kommune condition tests where the person lives, or for
 * a deceased person lived at the death ({@link Person#sisteKommunenummer()}). A letter to the person itself
 * ({@link Utloeser.Mottaker#PERSON}) needs an adult: a letter about a child goes to the parents with foreldreansvar
 * (DOMAIN rule 7, {@link Utloeser.Mottaker#FORELDRE}), never to the child. A letter trigger never fires for a deceased
 * person (DOMAIN rule 6); a message trigger does. No Camel, no Spring, no I/O.
 */
public final class Utloeserregel {

    /** The age of majority (myndighetsalder): below it a person is a child, whose letters go to the parents (rule 7). */
    public static final int MYNDIG = 18;
    /** Why a letter trigger does not fire for a deceased person (DOMAIN rule 6); no personal data. */
    static final String DOED = "personen er død: brev sendes ikke (regel 6)";

    private Utloeserregel() {
    }

    /**
     * @param forrigeKommune the kommune of the person's previous residence (empty: none, e.g. moved in from abroad);
     *                       asked only when the trigger has {@code flyttetInn} and every other condition holds
     * @return empty when the trigger fires, otherwise why not (no personal data, for the dry run)
     */
    public static Optional<String> hvorforIkke(Utloeser u, String hendelsetype, Person p, LocalDate idag, Supplier<Optional<String>> forrigeKommune) {
        if (!u.hendelsestyper().contains(hendelsetype)) {
            return Optional.of("hendelsestypen er ikke utløserens");
        }
        return betingelser(u, p, idag, forrigeKommune);
    }

    /**
     * A date rule ({@link Utloeser#fyllerAar()}): the person turns that age in {@code idag}'s calendar year (a child born
     * in 2020 turns 6 in 2026 and starts school in August 2026), on a day before the rule's cut-off when it has one
     * ({@link Utloeser#foer()}: "turns 6 before 1 August"), and meets every condition.
     */
    public static Optional<String> hvorforIkkeDato(Utloeser u, Person p, LocalDate idag) {
        if (p.foedselsdato() == null || p.foedselsdato().getYear() != idag.getYear() - u.fyllerAar()) {
            return Optional.of("fyller ikke " + u.fyllerAar() + " i " + idag.getYear());
        }
        if (u.foer() != null && !MonthDay.from(p.foedselsdato()).isBefore(u.foer())) {
            return Optional.of("fyller " + u.fyllerAar() + " fra " + u.foer().getDayOfMonth() + "." + u.foer().getMonthValue() + ". eller senere");
        }
        return betingelser(u, p, idag, Optional::empty);
    }

    private static Optional<String> betingelser(Utloeser u, Person p, LocalDate idag, Supplier<Optional<String>> forrigeKommune) {
        Utloeser.Betingelser b = u.betingelser();
        // DOMAIN rule 6: no letter to or about a deceased person, whatever the source (the feed's persons of a date rule
        // with kilde HENDELSER, an event read after the death, a register still showing her residence current); a message
        // to a fagsystem still goes (the death trigger). Before session 31 such a letter was handed in and stopped only by
        // the letter flow (R6-DOED), its sender told of a letter it never wrote
        if (u.melding() == null && p.erDoed()) {
            return Optional.of(DOED);
        }
        // a deceased person's residence is no longer current (the register ends it at the death): the one at death counts
        if (b.kommunenummer() != null && !b.kommunenummer().equals(p.sisteKommunenummer())) {
            return Optional.of(p.erDoed() ? "bodde ikke i kommune " + b.kommunenummer() + " ved dødsfallet" : "bor ikke i kommune " + b.kommunenummer());
        }
        if (b.alderFra() != null || b.alderTil() != null) {
            if (p.foedselsdato() == null) {
                return Optional.of("fødselsdato ukjent");
            }
            int alder = Period.between(p.foedselsdato(), idag).getYears();
            if ((b.alderFra() != null && alder < b.alderFra()) || (b.alderTil() != null && alder > b.alderTil())) {
                return Optional.of("alder utenfor " + (b.alderFra() == null ? "" : b.alderFra()) + "–" + (b.alderTil() == null ? "" : b.alderTil()));
            }
        }
        // a letter addressed to a child would reach neither parent with foreldreansvar (rule 7); from the 18th birthday on
        // it fires (a date rule runs daily, and the once-only record holds nothing for a firing refused here)
        if (u.mottaker() == Utloeser.Mottaker.PERSON) {
            if (p.foedselsdato() == null) {
                return Optional.of("fødselsdato ukjent: kan ikke avgjøre om personen er et barn (mottaker PERSON)");
            }
            if (Period.between(p.foedselsdato(), idag).getYears() < MYNDIG) {
                return Optional.of("under " + MYNDIG + " år: brev om et barn går til foreldrene med foreldreansvar (mottaker FORELDRE)");
            }
        }
        if (b.flyttetInn() && forrigeKommune.get().filter(b.kommunenummer()::equals).isPresent()) {
            return Optional.of("flyttet innen kommunen");
        }
        return Optional.empty();
    }
}
