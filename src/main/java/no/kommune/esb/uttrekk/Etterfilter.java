package no.kommune.esb.uttrekk;

import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.UgyldigVerdiException;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Criteria the platform applies to each person after the bulk look-up, for what Folkeregisteret's extract cannot
 * select: a school's catchment (postnummer or street names of the bostedsadresse) and "turns N this year". Pure.
 *
 * @param fyllerAar   the age the person reaches in the extract's calendar year (e.g. 6 for school start); null = any
 * @param postnumre   bostedsadresse postnummer in this set; empty = any
 * @param adressenavn bostedsadresse street name in this set (case ignored); empty = any
 */
public record Etterfilter(Integer fyllerAar, Set<String> postnumre, Set<String> adressenavn) {

    public static final Etterfilter INGEN = new Etterfilter(null, Set.of(), Set.of());

    public Etterfilter {
        if (fyllerAar != null && (fyllerAar < 0 || fyllerAar > 130)) {
            throw new UgyldigVerdiException("fyllerAar", "fyllerAar must be 0-130");
        }
        for (String p : postnumre) {
            if (!p.matches("\\d{4}")) {
                throw new UgyldigVerdiException("postnummer", "postnummer must be four digits");
            }
        }
        postnumre = Set.copyOf(postnumre);
        adressenavn = adressenavn.stream().map(a -> a.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** True when the filter selects by where the person lives (postnummer or street). */
    public boolean etterBosted() {
        return !postnumre.isEmpty() || !adressenavn.isEmpty();
    }

    /** True when the person belongs in an extract dated {@code dato}. */
    public boolean tillater(Person p, LocalDate dato) {
        if (fyllerAar != null && (p.foedselsdato() == null || dato.getYear() - p.foedselsdato().getYear() != fyllerAar)) {
            return false;
        }
        String postnummer = postnummer(p.bostedsadresse());
        if (!postnumre.isEmpty() && (postnummer == null || !postnumre.contains(postnummer))) {
            return false;
        }
        return adressenavn.isEmpty() || (p.bostedsadresse() instanceof Adresse.Vegadresse v && v.adressenavn() != null
                && adressenavn.contains(v.adressenavn().toUpperCase(Locale.ROOT)));
    }

    private static String postnummer(Adresse a) {
        if (a instanceof Adresse.Vegadresse v) {
            return v.postnummer();
        }
        if (a instanceof Adresse.Matrikkeladresse m) {
            return m.postnummer();
        }
        return null;
    }
}
