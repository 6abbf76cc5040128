package no.kommune.esb.uttrekk.vask;

import no.kommune.esb.model.Adressefelt;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personstatus;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * The status of one washed line ({@link Vaskestatus}), the first that holds in this order: not found, outside the
 * population ({@link #utenforPopulasjonen}, decided by the caller, who knows the portfolio; an emigrant who left Norway
 * from it is {@code UTVANDRET} with no data, {@link #utenforPopulasjonen(boolean)}), deceased,
 * emigrated, protected, new identity number, then — only when the line gave the address the fagsystem holds — moved or
 * unchanged, else current. Protected comes before the address comparison so the answer never tells whether a protected
 * person still lives at the address sent (DOMAIN.md rule 5). "Moved" compares what the fagsystem sent with the
 * residence as this fagsystem may see it: street, number and letter without regard to case, spaces and punctuation,
 * and the postcode when sent. Pure: no I/O, no Spring.
 */
public final class Vaskeregel {

    /** The status and a remark for people (empty when the status says it all). */
    public record Utfall(Vaskestatus status, String merknad) {
    }

    private Vaskeregel() {
    }

    /** A person outside the registration's population: said plainly, and nothing else about them. */
    public static Utfall utenforPopulasjonen() {
        return new Utfall(Vaskestatus.UTENFOR_POPULASJON, "utenfor fagsystemets populasjon: ingen opplysninger");
    }

    /**
     * A person outside the registration's population: {@code UTVANDRET} with nothing else when they left Norway from it
     * ({@link no.kommune.esb.hendelser.Populasjonsregel#utvandretFra}: the fagsystem held them as a resident), else
     * {@link #utenforPopulasjonen()}.
     */
    public static Utfall utenforPopulasjonen(boolean utvandretFraPopulasjonen) {
        return utvandretFraPopulasjonen ? new Utfall(Vaskestatus.UTVANDRET, UTFLYTTET) : utenforPopulasjonen();
    }

    private static final String UTFLYTTET = "utflyttet fra Norge";

    /**
     * A number whose document Folkeregisteret gave but the platform cannot read ({@link Vaskestatus#ULESBAR}): said
     * plainly, no data, never "not found" (the register knows the person).
     */
    public static Utfall ulesbar() {
        return new Utfall(Vaskestatus.ULESBAR, "dokumentet fra Folkeregisteret kan ikke leses (f.eks. et identitetsnummer i bruk som"
                + " ikke er gyldig): ikke vasket, prøv igjen senere eller slå opp manuelt");
    }

    /** The merknad of a person whose residence Folkeregisteret gave with a value that cannot be read. */
    static final String UFULLSTENDIG_BOSTED = "bostedsadressen fra Folkeregisteret kan ikke leses helt: ikke sammenlignet";

    /**
     * @param etterspurt          the number the line asked for
     * @param funnet              the person the register gave, or null
     * @param adresseTilbakeholdt the minimised view withheld an address
     * @param bosted              the residence as the view shows it, as printed lines (last: postcode and place)
     * @param referanse           the address the line gave, or null
     */
    public static Utfall vurder(Identitetsnummer etterspurt, Person funnet, boolean adresseTilbakeholdt, List<String> bosted,
                                Vaskefil.Referanse referanse) {
        if (funnet == null) {
            return new Utfall(Vaskestatus.IKKE_FUNNET, "Folkeregisteret kjenner ikke nummeret");
        }
        if (funnet.erDoed()) {
            return new Utfall(Vaskestatus.DOED, funnet.doedsdato() == null ? "" : "død " + funnet.doedsdato());
        }
        if (funnet.status() == Personstatus.UTFLYTTET) {
            return new Utfall(Vaskestatus.UTVANDRET, UTFLYTTET);
        }
        if (adresseTilbakeholdt) {
            return new Utfall(Vaskestatus.SPERRET, "adresse sperret: bruk ikke en adresse dere har fra før");
        }
        if (funnet.id() != null && !funnet.id().equals(etterspurt)) {
            return new Utfall(Vaskestatus.NY_IDENT, etterspurt.isDnummer() && !funnet.id().isDnummer()
                    ? "D-nummer erstattet av fødselsnummer" : "identitetsnummeret er erstattet");
        }
        if (funnet.uleseligeAdresser().contains(Adressefelt.BOSTEDSADRESSE)) {
            // what could be read (the street without its number, say) is no residence to compare with: never "moved"
            return new Utfall(Vaskestatus.AKTUELL, UFULLSTENDIG_BOSTED);
        }
        if (referanse == null) {
            return new Utfall(Vaskestatus.AKTUELL, "");
        }
        // a c/o line is who the post goes through, not where the person lives
        List<String> linjer = bosted.stream().filter(l -> !l.toLowerCase(Locale.ROOT).startsWith("c/o ")).toList();
        if (linjer.size() < 2) {
            return new Utfall(Vaskestatus.FLYTTET, "ingen bostedsadresse registrert nå");
        }
        String postlinje = linjer.get(linjer.size() - 1);
        boolean sammeGate = normal(String.join(" ", linjer.subList(0, linjer.size() - 1))).equals(normal(referanse.adresse()));
        boolean sammePostnr = referanse.postnummer() == null || (postlinje + " ").startsWith(referanse.postnummer().strip() + " ");
        return sammeGate && sammePostnr ? new Utfall(Vaskestatus.UENDRET, "") : new Utfall(Vaskestatus.FLYTTET, "ny bostedsadresse");
    }

    /** Lower case, accents kept (æøå are letters), everything but letters and digits dropped: "Storgata 1 B" = "storgata 1b". */
    static String normal(String s) {
        return Normalizer.normalize(s == null ? "" : s, Normalizer.Form.NFC).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }
}
