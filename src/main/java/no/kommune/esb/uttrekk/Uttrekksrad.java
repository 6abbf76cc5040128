package no.kommune.esb.uttrekk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.hendelser.Dataminimering;
import no.kommune.esb.hendelser.Fagsystem.Datatilgang;
import no.kommune.esb.hendelser.Fagsystem.RelatertePersoner;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.uttrekk.format.Utsending;

import java.util.Map;

/**
 * One row of an extract (docs/uttrekk.md): {@code {"uttrekk", "person", "relaterte"}} minimised by the owning
 * registration ({@link Dataminimering}, the same code as events and look-ups, which also marks a deceased person or
 * related person {@code "doed": true} and gives a deceased related person no address: DOMAIN.md rule 6), plus
 * {@code utsending} for a format that addresses letters. The formats print the mark; the school-start CSV leaves such a
 * parent out of its foresatt lines. Pure: no I/O, no Spring.
 */
public final class Uttrekksrad {

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
        rad.set("person", Dataminimering.person(p, tilgang));
        rad.set("relaterte", Dataminimering.relaterte(p, relaterte, regel, tilgang));
        if (utsending) {
            rad.set(Utsending.NOEKKEL, Utsending.lag(p, relaterte, Dataminimering.relaterteIdenter(p, regel.roller())));
        }
        return rad;
    }
}
