package no.kommune.esb.uttrekk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.hendelser.Dataminimering;
import no.kommune.esb.hendelser.Fagsystem.Datatilgang;
import no.kommune.esb.hendelser.Fagsystem.RelatertePersoner;
import no.kommune.esb.model.Familierelasjon;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.uttrekk.format.Utsending;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One row of an extract (docs/uttrekk.md): {@code {"uttrekk", "person", "relaterte"}} minimised by the owning
 * registration ({@link Dataminimering}, the same code as events and look-ups, which also marks a deceased person or
 * related person {@code "doed": true} and gives a deceased related person no address: DOMAIN.md rule 6), plus
 * {@code utsending} for a format that addresses letters. The formats print the mark; the school-start CSV leaves such a
 * parent out of its foresatt lines. Pure: no I/O, no Spring.
 */
public final class Uttrekksrad {

    /** A child's delt bosted address is the other home: a parent's (docs/hendelser.md, "Protected addresses"). */
    private static final Set<Familierelasjon.Rolle> FORELDRE = EnumSet.of(Familierelasjon.Rolle.MOR, Familierelasjon.Rolle.FAR,
            Familierelasjon.Rolle.MEDMOR);

    private Uttrekksrad() {
    }

    /**
     * The persons whose grading may change what this row may show of where someone lives (docs/uttrekk.md, "A file kept
     * for the API, and gradings since"): the row's person under the number the register's batch gave ({@code lest}) and
     * the one it answered with (and its earlier numbers), each related person on the row, the person's parents (a delt bosted address is a
     * parent's home, withheld when that parent is graded, and with it a residence at the same place), and with {@code
     * utsending} the holders the letter flow names. The grading of any of them withholds an address on the row; the
     * grading of anyone else does not.
     */
    public static Set<String> naere(Identitetsnummer lest, Person p, RelatertePersoner regel, boolean utsending) {
        Set<String> numre = new LinkedHashSet<>();
        if (lest != null) {
            numre.add(lest.value());
        }
        if (p.id() != null) {
            numre.add(p.id().value());
        }
        p.tidligereIdentiteter().forEach(id -> numre.add(id.value()));
        Dataminimering.relaterteIdenter(p, regel.roller()).forEach(id -> numre.add(id.value()));
        p.familierelasjoner().stream()
                .filter(r -> r.relatertPerson() != null && r.relatertRolle() != null && FORELDRE.contains(r.relatertRolle()))
                .forEach(r -> numre.add(r.relatertPerson().value()));
        if (utsending) {
            Utsending.slaasOpp(p).forEach(id -> numre.add(id.value()));
        }
        return numre;
    }

    /**
     * @param relaterte the register's answers for the related persons (and, with {@code utsending}, the holders the
     *                  letter flow names); one missing is not found
     */
    public static ObjectNode lag(JsonNode meta, Person p, Map<Identitetsnummer, Person> relaterte, RelatertePersoner regel,
                                 Datatilgang tilgang, boolean utsending) {
        return lag(meta, p, relaterte, regel, tilgang, utsending, Set.of());
    }

    /**
     * As {@link #lag(JsonNode, Person, Map, RelatertePersoner, Datatilgang, boolean)}, with the related persons whose
     * document the register gave but the platform cannot read ({@code ulesbare}): each one's entry is marked
     * {@code "ulesbar": true} (no data: she is not taken for unknown, nor for no parent), and a holder among them is the
     * letter flow's {@code R4-ULESBAR} in {@code utsending} (manual, never "no holder": DOMAIN.md rule 7).
     */
    public static ObjectNode lag(JsonNode meta, Person p, Map<Identitetsnummer, Person> relaterte, RelatertePersoner regel,
                                 Datatilgang tilgang, boolean utsending, Set<Identitetsnummer> ulesbare) {
        ObjectNode rad = JsonNodeFactory.instance.objectNode();
        rad.set("uttrekk", meta);
        // judged with the relatives looked up for the row: a residence at a withheld relative's home is withheld too
        rad.set("person", Dataminimering.person(p, tilgang, relaterte));
        ArrayNode entries = Dataminimering.relaterte(p, relaterte, regel, tilgang);
        Dataminimering.merkUlesbare(entries, p, regel.roller(), ulesbare);
        rad.set("relaterte", entries);
        if (utsending) {
            rad.set(Utsending.NOEKKEL, Utsending.lag(p, relaterte, Dataminimering.relaterteIdenter(p, regel.roller()), ulesbare));
        }
        return rad;
    }

    /** True when a row of {@code p} names a person among {@code ulesbare}: a related person on it or a holder the letter flow names. */
    public static boolean nevnerUlesbar(Person p, RelatertePersoner regel, boolean utsending, Set<Identitetsnummer> ulesbare) {
        if (ulesbare.isEmpty()) {
            return false;
        }
        return Dataminimering.relaterteIdenter(p, regel.roller()).stream().anyMatch(ulesbare::contains)
                || utsending && Utsending.slaasOpp(p).stream().anyMatch(ulesbare::contains);
    }
}
