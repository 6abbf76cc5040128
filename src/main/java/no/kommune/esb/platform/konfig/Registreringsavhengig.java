package no.kommune.esb.platform.konfig;

import no.kommune.esb.hendelser.FagsystemLoader;
import no.kommune.esb.hendelser.Problem;

import java.util.List;

/**
 * Config that names fagsystem registrations (proactive triggers, extract orders) and is valid only against them. A
 * reload of the registrations asks each such set whether its files still hold against the new registrations before
 * they go live, and refuses the whole edit when one does not: else an edit accepted now (a registration removed, its
 * channel or related persons changed) would leave files that the next start-up refuses, and the platform would not start.
 */
public interface Registreringsavhengig {

    /** The kind of file, for the refusal's log line, e.g. {@code proaktiv}. */
    String type();

    /** The problems the set's current files would have against {@code nye}; empty when they hold. */
    List<Problem> sjekkMot(FagsystemLoader.Resultat nye);

    /** A set of files of kind {@code type} checked by {@code sjekk}. */
    static Registreringsavhengig av(String type, java.util.function.Function<FagsystemLoader.Resultat, List<Problem>> sjekk) {
        return new Registreringsavhengig() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public List<Problem> sjekkMot(FagsystemLoader.Resultat nye) {
                return sjekk.apply(nye);
            }
        };
    }
}
