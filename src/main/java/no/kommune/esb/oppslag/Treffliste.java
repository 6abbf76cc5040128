package no.kommune.esb.oppslag;

import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The hit list of a search (søk med treffliste) as the caller may see it: the register's hits are fetched in their
 * order, one bulk call per part, and each part's persons screened (the registration's population; in an address search
 * a residence it may not see) until more than the limit are to be shown, when no more is fetched and the search has too
 * many hits, or the hits end. So the limit counts what the caller would be shown, not the register's hits, and a search
 * whose hits are mostly outside the population costs only the calls that find its limit. Pure: the caller fetches and
 * screens.
 */
final class Treffliste {

    private Treffliste() {
    }

    /**
     * The persons to show, in the register's order, or empty when more than {@code grense} are: {@code synligeAv}
     * fetches one part of at most {@code del} ids and answers those of them the caller may see, in their order.
     */
    static Optional<List<Person>> synlige(List<Identitetsnummer> treff, int del, int grense, Function<List<Identitetsnummer>, List<Person>> synligeAv) {
        List<Person> synlige = new ArrayList<>();
        for (int i = 0; i < treff.size(); i += del) {
            synlige.addAll(synligeAv.apply(treff.subList(i, Math.min(treff.size(), i + del))));
            if (synlige.size() > grense) {
                return Optional.empty();
            }
        }
        return Optional.of(synlige);
    }
}
