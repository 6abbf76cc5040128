package no.kommune.esb.hendelser;

import no.kommune.esb.folkeregister.BulkResult;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the register answered for a portfolio's members registered by a number without a known link (docs/uttrekk.md,
 * "A member registered by a D-nummer"; docs/hendelser.md, "A member registered by a replaced number"): the register
 * answers a replaced number with the person under the number in use, so each such answer ties the number asked to her.
 * The extract's own look-up gives no earlier numbers and {@code personidentitet} only holds what the event feed taught,
 * so without this a member whose D-nummer was replaced before the platform heard of it was left out of the portfolio's
 * extract, and out of its events, without a word. Used by extracts ({@code UttrekkKjoerer}) and the fan-out
 * ({@code Portefoljekontroll}). No Camel, no Spring, no I/O.
 *
 * @param tidligere  per number in use, the numbers asked (D-numbers, replaced fødselsnumre) the register answered with her (only where they differ)
 * @param ikkeFunnet members the register knows under no number: counted not found, never dropped unseen
 * @param ulesbare   members whose document cannot be read
 * @param kall       bulk calls the look-up made
 */
public record Portefoljenumre(Map<Identitetsnummer, Set<Identitetsnummer>> tidligere, int ikkeFunnet, int ulesbare, int kall) {

    public static final Portefoljenumre INGEN = new Portefoljenumre(Map.of(), 0, 0, 0);

    /** The answer of a bulk look-up of the members' numbers. */
    public static Portefoljenumre av(BulkResult svar) {
        Map<Identitetsnummer, Set<Identitetsnummer>> tidligere = new LinkedHashMap<>();
        svar.found().forEach((spurt, p) -> {
            if (p != null && p.id() != null && !p.id().equals(spurt)) {
                tidligere.computeIfAbsent(p.id(), k -> new LinkedHashSet<>()).add(spurt);
            }
        });
        int ulesbare = svar.ulesbare().size();
        return new Portefoljenumre(Map.copyOf(tidligere), svar.notFound().size() - ulesbare, ulesbare, svar.calls());
    }

    /**
     * This answer with the members {@code personidentitet} ties to another number added ({@code koblet}: per number the
     * numbers registered for her, {@link Portefoljer#koblede}): a member the feed or the fan-out's portfolio check tied
     * is not looked up, and her row must still name the number the fagsystem registered. Invalid numbers are left out.
     */
    public Portefoljenumre medKoblede(Map<String, Set<String>> koblet) {
        if (koblet.isEmpty()) {
            return this;
        }
        Map<Identitetsnummer, Set<Identitetsnummer>> alle = new LinkedHashMap<>();
        tidligere.forEach((k, v) -> alle.put(k, new LinkedHashSet<>(v)));
        koblet.forEach((iBruk, registrert) -> {
            if (Identitetsnummer.isValid(iBruk)) {
                registrert.stream().filter(Identitetsnummer::isValid).map(Identitetsnummer::of)
                        .forEach(n -> alle.computeIfAbsent(Identitetsnummer.of(iBruk), x -> new LinkedHashSet<>()).add(n));
            }
        });
        return new Portefoljenumre(Map.copyOf(alle), ikkeFunnet, ulesbare, kall);
    }

    /** The persons, each given the D-numbers the register tied to her as earlier numbers ({@link Person#tidligereIdentiteter()}). */
    public Map<Identitetsnummer, Person> medTidligere(Map<Identitetsnummer, Person> personer) {
        if (tidligere.isEmpty()) {
            return personer;
        }
        Map<Identitetsnummer, Person> med = new LinkedHashMap<>();
        personer.forEach((id, p) -> med.put(id, p != null && p.id() != null && tidligere.containsKey(p.id())
                ? p.medTidligereIdentiteter(tidligere.get(p.id())) : p));
        return med;
    }

    /**
     * The numbers the answer tied together, one set per person, her number in use first: what {@code personidentitet}
     * stores as one person's ({@code Personidentiteter.knytt}).
     */
    public List<Set<String>> grupper() {
        List<Set<String>> grupper = new ArrayList<>();
        tidligere.forEach((iBruk, eldre) -> {
            Set<String> numre = new LinkedHashSet<>();
            numre.add(iBruk.value());
            eldre.forEach(n -> numre.add(n.value()));
            grupper.add(numre);
        });
        return grupper;
    }
}
