package no.kommune.esb.hendelser;

import java.util.EnumSet;
import java.util.Set;

import static no.kommune.esb.hendelser.Felt.*;

/**
 * The municipality's service areas, each with the fields its fagsystems see unless their registration lists
 * others (DOMAIN.md, "Data minimisation per service area").
 */
public enum Tjenesteomraade {
    /** School, kindergarten, school transport: child id, name, address, delt bosted, who holds foreldreansvar. */
    OPPVEKST(EnumSet.of(IDENTITETSNUMMER, NAVN, ADRESSE, DELT_BOSTED, FORELDREANSVAR)),
    /** Health and care: id, name, address, family / next of kin, GP. */
    HELSE_OG_OMSORG(EnumSet.of(IDENTITETSNUMMER, NAVN, ADRESSE, FAMILIERELASJONER, FASTLEGE)),
    /** Child welfare, social services, refugees: id with D-nummer history, name, address, family relations. */
    SOSIAL(EnumSet.of(IDENTITETSNUMMER, IDENTITETSHISTORIKK, NAVN, ADRESSE, FAMILIERELASJONER, FORELDREANSVAR)),
    /** Fees, water, waste: name, address, property and owners; no identity number. */
    TEKNISKE_TJENESTER(EnumSet.of(NAVN, ADRESSE, EIENDOM)),
    /** Finance, payroll, archive: id, name, address (also for persons outside the municipality). */
    INTERNE_TJENESTER(EnumSet.of(IDENTITETSNUMMER, NAVN, ADRESSE));

    private final Set<Felt> standardFelter;

    Tjenesteomraade(Set<Felt> standardFelter) {
        this.standardFelter = standardFelter;
    }

    /** The area's default fields for the main person. */
    public Set<Felt> standardFelter() {
        return EnumSet.copyOf(standardFelter);
    }

    /** The area's default fields for related persons: its defaults that describe a person at all. */
    public Set<Felt> standardFelterForRelaterte() {
        Set<Felt> felter = EnumSet.copyOf(standardFelter);
        felter.retainAll(Felt.FOR_RELATERTE);
        return felter;
    }
}
