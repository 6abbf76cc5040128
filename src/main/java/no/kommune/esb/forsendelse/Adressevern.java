package no.kommune.esb.forsendelse;

import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.DeltBosted;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Person;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The protected addresses of the persons around one letter (the child and the looked-up parents), kept only as
 * one-way fingerprints with their grading. A recipient whose chosen address is one of them inherits that
 * grading: a parent living at a strictly confidential child's address is treated as strictly confidential, so
 * the child's address never reaches a SvarUt request through the parent's decision (rule 7).
 */
public final class Adressevern {

    private static final Adressevern INGEN = new Adressevern(Map.of(), Gradering.UGRADERT);

    private final Map<String, Gradering> graderinger;
    /**
     * The strictest grading of a protected person whose address the register gave with a value the platform cannot read
     * ({@link Person#uleseligeAdresser}): its fingerprint is of what could be read (a street without its unreadable house
     * number), so it cannot be told whether a recipient's address is hers; every recipient address gets at least it.
     */
    private final Gradering uten;

    private Adressevern(Map<String, Gradering> graderinger, Gradering uten) {
        this.graderinger = graderinger;
        this.uten = uten;
    }

    public static Adressevern ingen() {
        return INGEN;
    }

    /**
     * Every graded address of these persons (residence, postal, abroad, shared residence), at least at the person's grading;
     * and, fail closed, the grading of a protected person with an address element the platform cannot read, which then
     * applies to every address ({@link #gradering}): her address may be a recipient's, and the fingerprint cannot tell.
     */
    public static Adressevern av(Collection<Person> personer) {
        Map<String, Gradering> map = new HashMap<>();
        Gradering uten = Gradering.UGRADERT;
        for (Person p : personer) {
            if (p == null) {
                continue;
            }
            if (!p.uleseligeAdresser().isEmpty() && p.gradering() != null && p.gradering().erBeskyttet()) {
                uten = strengest(uten, p.gradering());
            }
            leggTil(map, p.bostedsadresse(), p.gradering());
            leggTil(map, p.postadresse(), p.gradering());
            leggTil(map, p.postadresseIUtlandet(), p.gradering());
            for (DeltBosted db : p.deltBosted()) {
                leggTil(map, db.adresse(), p.gradering());
            }
        }
        return map.isEmpty() && uten == Gradering.UGRADERT ? INGEN : new Adressevern(Map.copyOf(map), uten);
    }

    /**
     * The strictest grading any family member's matching address has, and at least that of a protected member whose
     * address cannot be read ({@link #av}); UGRADERT when none matches.
     */
    public Gradering gradering(Adresse adresse) {
        if (adresse == null) {
            return Gradering.UGRADERT;
        }
        return strengest(graderinger.getOrDefault(AdresseFormatterer.noekkel(adresse), Gradering.UGRADERT), uten);
    }

    private static void leggTil(Map<String, Gradering> map, Adresse adresse, Gradering person) {
        if (adresse == null) {
            return;
        }
        Gradering g = strengest(adresse.gradering(), person);
        if (g.erBeskyttet()) {
            map.merge(AdresseFormatterer.noekkel(adresse), g, Adressevern::strengest);
        }
    }

    static Gradering strengest(Gradering a, Gradering b) {
        if (a == null) {
            return b == null ? Gradering.UGRADERT : b;
        }
        return b == null || a.ordinal() >= b.ordinal() ? a : b;
    }

    @Override
    public String toString() {
        return "Adressevern[" + graderinger.size() + " beskyttede adresser" + (uten.erBeskyttet() ? ", en uleselig" : "") + "]";
    }
}
