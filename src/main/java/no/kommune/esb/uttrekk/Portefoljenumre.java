package no.kommune.esb.uttrekk;

import no.kommune.esb.folkeregister.BulkResult;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the register answered for a portfolio's members registered by a D-nummer without a known link (docs/uttrekk.md,
 * "A member registered by a D-nummer"): the register answers a replaced D-nummer with the person under the number in
 * use, so each such answer ties the D-nummer to her. The extract's own look-up gives no earlier numbers and
 * {@code personidentitet} only holds what the event feed taught, so without this a member whose D-nummer was replaced
 * before the platform heard of it was left out of the portfolio's extract without a word. No Camel, no Spring, no I/O.
 *
 * @param tidligere  per number in use, the D-numbers the register answered with her (only where they differ)
 * @param ikkeFunnet members the register knows under no number: counted not found, never dropped unseen
 * @param ulesbare   members whose document cannot be read
 * @param kall       bulk calls the look-up made
 */
record Portefoljenumre(Map<Identitetsnummer, Set<Identitetsnummer>> tidligere, int ikkeFunnet, int ulesbare, int kall) {

    static final Portefoljenumre INGEN = new Portefoljenumre(Map.of(), 0, 0, 0);

    /** The answer of a bulk look-up of the members' D-numbers. */
    static Portefoljenumre av(BulkResult svar) {
        Map<Identitetsnummer, Set<Identitetsnummer>> tidligere = new LinkedHashMap<>();
        svar.found().forEach((spurt, p) -> {
            if (p != null && p.id() != null && !p.id().equals(spurt)) {
                tidligere.computeIfAbsent(p.id(), k -> new LinkedHashSet<>()).add(spurt);
            }
        });
        int ulesbare = svar.ulesbare().size();
        return new Portefoljenumre(Map.copyOf(tidligere), svar.notFound().size() - ulesbare, ulesbare, svar.calls());
    }

    /** The persons, each given the D-numbers the register tied to her as earlier numbers ({@link Person#tidligereIdentiteter()}). */
    Map<Identitetsnummer, Person> medTidligere(Map<Identitetsnummer, Person> personer) {
        if (tidligere.isEmpty()) {
            return personer;
        }
        Map<Identitetsnummer, Person> med = new LinkedHashMap<>();
        personer.forEach((id, p) -> med.put(id, p != null && p.id() != null && tidligere.containsKey(p.id())
                ? p.medTidligereIdentiteter(tidligere.get(p.id())) : p));
        return med;
    }
}
