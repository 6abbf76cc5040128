package no.kommune.esb.hendelser;

import java.util.EnumSet;
import java.util.Set;

/** What a fagsystem may see of a person; each value names the keys it opens in the input document. */
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
    /** The document's {@code fastlege} section (GP from NHN Fastlegeregisteret). */
    FASTLEGE,
    /** The document's {@code matrikkelenheter} section (property units and owners from Matrikkelen). */
    EIENDOM;

    /** Fields that describe a related person (the rest are about the main person or the document). */
    public static final Set<Felt> FOR_RELATERTE = EnumSet.of(IDENTITETSNUMMER, NAVN, FOEDSELSDATO, STATUS, ADRESSE);
}
