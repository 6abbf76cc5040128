package no.kommune.esb.hendelser;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a fagsystem may see of a person; each value names the keys it opens in the input document. A field whose data
 * is found from where the person lives, or narrows down where that is, is {@link #avledetAvBosted()}: {@link
 * Dataminimering} withholds it whenever the residence is withheld (DOMAIN.md rule 5), so a new field of that kind
 * (coordinates, school catchment, …) needs only to say so here.
 */
public enum Felt {
    /** {@code identitetsnummer}, {@code identitetstype} (FOEDSELSNUMMER / DNUMMER). */
    IDENTITETSNUMMER,
    /** {@code tidligereIdentiteter}: earlier numbers, e.g. the D-nummer a fødselsnummer replaced. */
    IDENTITETSHISTORIKK,
    /** {@code navn}. */
    NAVN,
    /** {@code foedselsdato}. */
    FOEDSELSDATO,
    /** {@code status}, {@code doedsdato}. */
    STATUS,
    /** {@code bostedsadresse}, {@code postadresse}, {@code postadresseIUtlandet}, {@code ukjentBosted}, {@code kommunenummer}. */
    ADRESSE,
    /** {@code deltBosted}: a child's second home and its period. */
    DELT_BOSTED,
    /** {@code familierelasjoner}: ids and roles of parents, children, spouse. */
    FAMILIERELASJONER,
    /** {@code foreldreansvar}: who holds parental responsibility for the person. */
    FORELDREANSVAR,
    /**
     * The document's {@code fastlege} section (GP from NHN Fastlegeregisteret). It locates the person: a GP list belongs
     * to an office in a kommune, most patients choose one near home, and the HER-id and the doctor's name resolve in
     * Adresseregisteret to the office's address. So it follows the residence ({@link #avledetAvBosted()}); when withheld,
     * {@code fastlegeTilbakeholdt: true} says so ({@link Dataminimering#FASTLEGE_TILBAKEHOLDT}).
     */
    FASTLEGE(true),
    /** The document's {@code matrikkelenheter} section: the property units at the residence and their owners (Matrikkelen). */
    EIENDOM(true);

    /** Fields that describe a related person (the rest are about the main person or the document). */
    public static final Set<Felt> FOR_RELATERTE = EnumSet.of(IDENTITETSNUMMER, NAVN, FOEDSELSDATO, STATUS, ADRESSE);

    private final boolean avledetAvBosted;

    Felt() {
        this(false);
    }

    Felt(boolean avledetAvBosted) {
        this.avledetAvBosted = avledetAvBosted;
    }

    /**
     * True when the field's data is looked up from the person's residence (a cadastral number, a catchment area) or
     * narrows down where she lives (the GP's office and its kommune): it is given only when the bostedsadresse would be
     * ({@link Dataminimering#tillater}), as the kommunenummer is.
     */
    public boolean avledetAvBosted() {
        return avledetAvBosted;
    }
}
