package no.kommune.esb.uttrekk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.hendelser.Dataminimering;
import no.kommune.esb.hendelser.Fagsystem.Datatilgang;
import no.kommune.esb.hendelser.Fagsystem.RelatertePersoner;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.uttrekk.format.Utsending;

import java.util.List;
import java.util.Map;

/**
 * One row of an extract (docs/uttrekk.md): {@code {"uttrekk", "person", "relaterte"}} minimised by the owning
 * registration ({@link Dataminimering}, the same code as events and look-ups), plus {@code utsending} for a format that
 * addresses letters. A deceased person is marked {@code "doed": true} whatever the registration's fields (DOMAIN.md
 * rule 6: report back, never list as if alive), and a deceased related person (a parent the register still names as
 * holding foreldreansvar, as it does for a sole holder until a court decides) also loses every address key: a list or
 * school file must not offer the address of a dead parent for post. The formats print the mark; the school-start CSV
 * leaves such a parent out of its foresatt lines. Pure: no I/O, no Spring.
 */
public final class Uttrekksrad {

    /** The mark of a deceased person in a row's {@code person} or {@code relaterte} entry. */
    public static final String DOED = "doed";
    /** The keys an address of a related person may be in ({@code Felt.ADRESSE} and {@code DELT_BOSTED}). */
    private static final List<String> ADRESSENOEKLER = List.of("bostedsadresse", "postadresse", "postadresseIUtlandet",
            "ukjentBosted", "kommunenummer", "deltBosted");

    private Uttrekksrad() {
    }

    /**
     * @param relaterte the register's answers for the related persons (and, with {@code utsending}, the holders the
     *                  letter flow names); one missing is not found
     */
    public static ObjectNode lag(JsonNode meta, Person p, Map<Identitetsnummer, Person> relaterte, RelatertePersoner regel,
                                 Datatilgang tilgang, boolean utsending) {
        ObjectNode rad = JsonNodeFactory.instance.objectNode();
        rad.set("uttrekk", meta);
        ObjectNode person = Dataminimering.person(p, tilgang);
        if (p.erDoed()) {
            person.put(DOED, true);
        }
        rad.set("person", person);
        List<Identitetsnummer> ider = Dataminimering.relaterteIdenter(p, regel.roller());
        ArrayNode rel = Dataminimering.relaterte(p, relaterte, regel, tilgang);
        // the entries are in the order of relaterteIdenter (Dataminimering.relaterte)
        for (int i = 0; i < rel.size() && i < ider.size(); i++) {
            Person r = relaterte.get(ider.get(i));
            if (r != null && r.erDoed()) {
                ObjectNode entry = (ObjectNode) rel.get(i);
                entry.remove(ADRESSENOEKLER);
                entry.put(DOED, true);
            }
        }
        rad.set("relaterte", rel);
        if (utsending) {
            rad.set(Utsending.NOEKKEL, Utsending.lag(p, relaterte, ider));
        }
        return rad;
    }
}
