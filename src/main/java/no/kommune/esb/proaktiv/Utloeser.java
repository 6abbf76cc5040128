package no.kommune.esb.proaktiv;

import no.kommune.esb.forsendelse.Brevtype;
import no.kommune.esb.mapping.Mapping;

import java.nio.file.Path;
import java.time.MonthDay;
import java.util.Set;

/**
 * One trigger, as validated from {@code config/proaktiv/<navn>.yaml}: which event types start it, which conditions the
 * person must meet, and what it makes: a letter (who receives it, its template, the sender fagsystem it counts as) or
 * a message to a fagsystem ({@link Melding}).
 *
 * @param navn           the file name without {@code .yaml}; part of the once-only key and the letter's reference
 * @param hendelsestyper event types as Folkeregisteret spells them (empty for a date rule)
 * @param fyllerAar      a date rule instead of events: persons who turn this age this calendar year, found by a daily
 *                       run (null for an event trigger)
 * @param foer           a date rule's cut-off within the year: only persons whose birthday falls before this day (e.g.
 *                       08-01, "turns 6 before 1 August"); null: any day of the year
 * @param kilde          where a date rule looks for persons (null for an event trigger)
 * @param betingelser    what the person (as the register answers after the event) must meet
 * @param mottaker       the person, or for a child the parents with foreldreansvar (DOMAIN rule 7); null for a message
 * @param mal            the letter's template; null for a message
 * @param melding        a message to a fagsystem instead of a letter; null for a letter
 * @param avsenderSystem the fagsystem the letter is sent as (its status reaches that fagsystem); null for a message
 * @param brevtype       FORMELL or TJENESTEMELDING; null for a message
 * @param aktiv          false: events are read past without letters
 */
public record Utloeser(String navn, Set<String> hendelsestyper, Integer fyllerAar, MonthDay foer, Datokilde kilde, Betingelser betingelser, Mottaker mottaker, Mal mal,
                       Melding melding, String avsenderSystem, Brevtype brevtype, boolean aktiv, Path fil) {

    /** What every trigger's message kind starts with; the rest is the trigger's name. */
    public static final String MELDINGSPREFIKS = "proaktiv/";

    public Utloeser {
        hendelsestyper = Set.copyOf(hendelsestyper);
    }

    public boolean datoregel() {
        return fyllerAar != null;
    }

    /** The message kind of this trigger's deliveries ({@code levering.melding}): its own, never the registration's. */
    public String meldingstype() {
        return MELDINGSPREFIKS + navn;
    }


    /** Where a date rule finds the persons it asks about. */
    public enum Datokilde {
        /**
         * Folkeregisteret's tailored extract of the persons resident in the trigger's kommune born in the year that
         * gives the age: every such person, whether or not the feed has named them since the platform started.
         */
        UTTREKK,
        /** The persons the stored register events name: no extract job, but a person the feed never named is missed. */
        HENDELSER
    }

    /** Who the letter goes to. */
    public enum Mottaker {
        /** The person the event is about. */
        PERSON,
        /** The parents holding foreldreansvar for the child the event is about; the letter flow picks them. */
        FORELDRE
    }

    /**
     * @param kommunenummer the person must live in this kommune (null: any)
     * @param alderFra      lowest age in whole years (null: no lower bound)
     * @param alderTil      highest age in whole years (null: no upper bound)
     * @param flyttetInn    true: the person's previous residence was in another kommune (or abroad)
     */
    public record Betingelser(String kommunenummer, Integer alderFra, Integer alderTil, boolean flyttetInn) {
    }

    /**
     * The letter: title, and body text with {@code {navn}}, {@code {fornavn}}, {@code {kommune}} placeholders; for a
     * TJENESTEMELDING optionally the text sent by SMS/e-mail (DOMAIN rule 3) with the same placeholders, else null.
     */
    public record Mal(String tittel, String tekst, String varseltekst) {
    }

    /**
     * A message about the event's person to a registered fagsystem, over that fagsystem's own channel, instead of a
     * letter: minimised by the fagsystem's registration, mapped with {@code mapping} (a file of its own under
     * {@code mappings/}, with golden examples).
     *
     * @param fagsystem the registration's id
     * @param mapping   the compiled mapping; its {@code source()} is the file, with {@code examples/} next to it
     */
    public record Melding(String fagsystem, Mapping mapping) {
    }
}
