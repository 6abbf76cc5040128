package no.kommune.esb.simulator.folkeregisteret;

import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Changes waiting for the next Folkeregisteret answer about a person (admin field {@code etterNesteOppslag}): each is
 * applied right after that answer has been made, so a test can change a person between a client's look-up and what the
 * client does next without racing it (e.g. a grading that changes between a letter's look-up and its send).
 */
@Component
public class EtterNesteOppslag {

    private final Map<String, List<Runnable>> ventende = new ConcurrentHashMap<>();

    void leggTil(String person, Runnable endring) {
        ventende.computeIfAbsent(person, k -> new CopyOnWriteArrayList<>()).add(endring);
    }

    /** Called after an answer about these numbers has been rendered (outside the population's read lock). */
    void besvart(Collection<String> personer) {
        for (String id : personer) {
            List<Runnable> endringer = ventende.remove(id);
            if (endringer != null) {
                endringer.forEach(Runnable::run);
            }
        }
    }
}
