package no.kommune.esb.folkeregister;

import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The answer to a bulk lookup: persons found, keyed by the number they were asked for (a person may since
 * have a new number: compare with {@link Person#id()}), the numbers the register did not give a person for
 * (an {@code oppslag} with {@code feilmelding}, or no {@code oppslag} at all), and how many HTTP calls it took.
 */
public record BulkResult(Map<Identitetsnummer, Person> found, Set<Identitetsnummer> notFound, int calls) {

    public BulkResult {
        found = Collections.unmodifiableMap(new LinkedHashMap<>(found));
        notFound = Collections.unmodifiableSet(new LinkedHashSet<>(notFound));
    }

    public Optional<Person> person(Identitetsnummer asked) {
        return Optional.ofNullable(found.get(asked));
    }

    @Override
    public String toString() {
        return "BulkResult[found=" + found.size() + ", notFound=" + notFound.size() + ", calls=" + calls + "]";
    }
}
