package no.kommune.esb.folkeregister;

import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.register.RegisterException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The answer to a bulk lookup: persons found, keyed by the number they were asked for (a person may since
 * have a new number: compare with {@link Person#id()}), the numbers the register did not give a person for
 * (an {@code oppslag} with {@code feilmelding}, no {@code oppslag} at all, or a document that cannot be read), and
 * how many HTTP calls it took. {@code ulesbare}: those of {@code notFound} whose document the answer held but the
 * platform cannot read (e.g. an identity number in use that is not valid): the register knows the person, so a caller
 * that must not take "not found" for them fails them on their own ({@link FolkeregisterClient#bulkoppslag}).
 */
public record BulkResult(Map<Identitetsnummer, Person> found, Set<Identitetsnummer> notFound, int calls, Set<Identitetsnummer> ulesbare) {

    public BulkResult {
        found = Collections.unmodifiableMap(new LinkedHashMap<>(found));
        notFound = Collections.unmodifiableSet(new LinkedHashSet<>(notFound));
        ulesbare = Collections.unmodifiableSet(new LinkedHashSet<>(ulesbare));
    }

    public BulkResult(Map<Identitetsnummer, Person> found, Set<Identitetsnummer> notFound, int calls) {
        this(found, notFound, calls, Set.of());
    }

    /**
     * This answer, or the failure of the whole look-up ({@link RegisterException.Kind#BAD_RESPONSE}, as before session 29)
     * when a document could not be read: for a caller that would otherwise take a person the register knows for unknown
     * (the fan-out's screening of persons graded meanwhile). The look-up API, the wash, the proactive triggers and the
     * extracts answer, skip or mark her per person instead (since session 30).
     */
    public BulkResult alleLesbare() {
        if (!ulesbare.isEmpty()) {
            throw new RegisterException(FolkeregisterClient.SERVICE, RegisterException.Kind.BAD_RESPONSE, 200,
                    "bulk lookup answer held " + ulesbare.size() + " person document(s) that cannot be read");
        }
        return this;
    }

    public Optional<Person> person(Identitetsnummer asked) {
        return Optional.ofNullable(found.get(asked));
    }

    @Override
    public String toString() {
        return "BulkResult[found=" + found.size() + ", notFound=" + notFound.size() + ", calls=" + calls + ", ulesbare=" + ulesbare.size() + "]";
    }
}
