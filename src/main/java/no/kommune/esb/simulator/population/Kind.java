package no.kommune.esb.simulator.population;

import java.time.LocalDate;

/**
 * Kinds of person tests ask for with {@link SyntheticPopulation#find(Kind)}. Each is a predicate on the current
 * state, so a kind still finds the right person after changes. Every kind is present in a population of a few
 * hundred persons or more (the generator starts with one showcase household per kind).
 */
public enum Kind {
    /** Living adult, bosatt in the home kommune, ugradert, no postadresse, KRR aktiv. */
    VANLIG_VOKSEN,
    STRENGT_FORTROLIG,
    FORTROLIG,
    KLIENTADRESSE,
    DOED,
    /** Emigrated, with postadresseIUtlandet. */
    UTFLYTTET,
    UKJENT_BOSTED,
    /** Has a postadresse (post box) different from the bostedsadresse. */
    POSTADRESSE_AVVIKER,
    /** Current identifier is a D-nummer. */
    DNUMMER,
    /** Has a fødselsnummer that replaced an earlier D-nummer (which is opphoert). */
    DNUMMER_ERSTATTET,
    BOSATT_UTENFOR_KOMMUNE,
    BARN_FELLES_FORELDREANSVAR,
    BARN_FORELDREANSVAR_MOR,
    BARN_FORELDREANSVAR_FAR,
    /** Child whose parental responsibility lies with a named other person. */
    BARN_FORELDREANSVAR_ANDRE,
    BARN_DELT_BOSTED,
    /** Child with a strengtFortrolig address and a parent with responsibility living elsewhere. */
    BARN_STRENGT_FORTROLIG,
    VERGEMAAL,
    KRR_AKTIV_DIGITAL_POST,
    KRR_AKTIV_UTEN_DIGITAL_POST,
    KRR_RESERVERT,
    KRR_SLETTET,
    KRR_IKKE_REGISTRERT,
    /** AKTIV, not reserved, but contact data older than 18 months: KAN_IKKE_VARSLES. */
    KRR_KAN_IKKE_VARSLES,
    KRR_KUN_EPOST,
    KRR_KUN_MOBIL;

    boolean matches(SimPerson p, SyntheticPopulation pop, LocalDate today) {
        boolean alive = p.status != SimPerson.Status.DOED;
        boolean child = alive && p.age(today) < 18;
        boolean adult = alive && !child;
        boolean home = p.address >= 0 && pop.address(p.address).kommunenummer().equals(pop.homeKommune());
        boolean krrAktiv = adult && p.krrStatus == SimPerson.KrrStatus.AKTIV && !p.reservert;
        return switch (this) {
            case VANLIG_VOKSEN -> adult && p.status == SimPerson.Status.BOSATT && home && !p.oppholdsadresse && p.gradering == 0
                    && p.postboks < 0 && !p.isDnummer() && p.formerDnummer == null && krrAktiv && p.kanVarsles;
            case STRENGT_FORTROLIG -> adult && p.gradering == 3;
            case FORTROLIG -> adult && p.gradering == 2;
            case KLIENTADRESSE -> adult && p.gradering == 1;
            case DOED -> !alive;
            case UTFLYTTET -> alive && p.status == SimPerson.Status.UTFLYTTET && p.utland >= 0;
            case UKJENT_BOSTED -> alive && p.ukjentBosted;
            case POSTADRESSE_AVVIKER -> alive && p.postboks >= 0 && p.address >= 0;
            case DNUMMER -> alive && p.isDnummer();
            case DNUMMER_ERSTATTET -> alive && p.formerDnummer != null;
            case BOSATT_UTENFOR_KOMMUNE -> adult && p.status == SimPerson.Status.BOSATT && p.address >= 0 && !home && p.gradering == 0;
            case BARN_FELLES_FORELDREANSVAR -> child && p.ansvar == SimPerson.Ansvar.FELLES && p.gradering == 0 && p.deltBosted < 0;
            case BARN_FORELDREANSVAR_MOR -> child && p.ansvar == SimPerson.Ansvar.MOR;
            case BARN_FORELDREANSVAR_FAR -> child && p.ansvar == SimPerson.Ansvar.FAR;
            case BARN_FORELDREANSVAR_ANDRE -> child && p.ansvar == SimPerson.Ansvar.ANDRE && p.ansvarlig >= 0;
            case BARN_DELT_BOSTED -> child && p.deltBosted >= 0;
            case BARN_STRENGT_FORTROLIG -> child && p.gradering == 3 && p.ansvar == SimPerson.Ansvar.FELLES;
            case VERGEMAAL -> alive && p.verge >= 0;
            case KRR_AKTIV_DIGITAL_POST -> krrAktiv && p.kanVarsles && p.digitalPost != 0 && p.harEpost && p.harMobil;
            case KRR_AKTIV_UTEN_DIGITAL_POST -> krrAktiv && p.kanVarsles && p.digitalPost == 0 && p.harEpost && p.harMobil;
            case KRR_RESERVERT -> adult && p.krrStatus == SimPerson.KrrStatus.AKTIV && p.reservert;
            case KRR_SLETTET -> adult && p.krrStatus == SimPerson.KrrStatus.SLETTET;
            case KRR_IKKE_REGISTRERT -> adult && p.krrStatus == SimPerson.KrrStatus.IKKE_REGISTRERT;
            case KRR_KAN_IKKE_VARSLES -> krrAktiv && !p.kanVarsles && (p.harEpost || p.harMobil);
            case KRR_KUN_EPOST -> krrAktiv && p.kanVarsles && p.harEpost && !p.harMobil;
            case KRR_KUN_MOBIL -> krrAktiv && p.kanVarsles && p.harMobil && !p.harEpost;
        };
    }
}
