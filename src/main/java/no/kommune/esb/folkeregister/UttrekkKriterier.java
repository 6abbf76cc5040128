package no.kommune.esb.folkeregister;

import no.kommune.esb.model.UgyldigVerdiException;

import java.util.List;
import java.util.Set;

/**
 * Criteria of a tailored extract ({@code TilpassetUttrekkJobbRequest}, uttrekk.md). Only
 * {@code personstatustyper} is required; null fields are left out of the request. Bosteds- and
 * oppholdskommunenummer cannot be combined.
 *
 * @param personstatustyper one or more of aktiv, bosatt, utflyttet, doed, inaktiv
 * @param kjoenn            kvinne or mann
 * @param statsborgerskap   ISO 3166-1 alpha-3, e.g. NOR
 * @param sivilstandstype   e.g. ugift, gift (the contract's Sivilstandstype)
 */
public record UttrekkKriterier(List<String> personstatustyper,
                               String bostedskommunenummer,
                               String oppholdskommunenummer,
                               Integer foedselsaarFraOgMed,
                               Integer foedselsaarTilOgMed,
                               Integer doedsaarFraOgMed,
                               Integer doedsaarTilOgMed,
                               String kjoenn,
                               String statsborgerskap,
                               String sivilstandstype) {

    private static final Set<String> STATUSES = Set.of("aktiv", "bosatt", "utflyttet", "doed", "inaktiv");

    public UttrekkKriterier {
        if (personstatustyper == null || personstatustyper.isEmpty()) {
            throw new UgyldigVerdiException("personstatustyper", "personstatustyper is required");
        }
        personstatustyper = List.copyOf(personstatustyper);
        for (String s : personstatustyper) {
            if (!STATUSES.contains(s)) {
                throw new UgyldigVerdiException("personstatustyper", "unknown personstatustype '" + s + "', expected one of " + STATUSES);
            }
        }
        if (bostedskommunenummer != null && oppholdskommunenummer != null) {
            throw new UgyldigVerdiException("oppholdskommunenummer", "bostedskommunenummer and oppholdskommunenummer cannot be combined");
        }
        if (kjoenn != null && !kjoenn.equals("kvinne") && !kjoenn.equals("mann")) {
            throw new UgyldigVerdiException("kjoenn", "kjoenn must be kvinne or mann");
        }
    }

    /** All persons with the given statuses resident in one municipality, born in the given years (inclusive). */
    public static UttrekkKriterier bosatteIKommune(String kommunenummer, Integer foedtFraOgMed, Integer foedtTilOgMed) {
        return new UttrekkKriterier(List.of("bosatt"), kommunenummer, null, foedtFraOgMed, foedtTilOgMed,
                null, null, null, null, null);
    }
}
