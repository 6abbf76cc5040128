package no.kommune.esb.oppslag;

import no.kommune.esb.hendelser.Fagsystem;

import java.util.Optional;
import java.util.function.Function;

/**
 * Who may look up, under which registration and for which purpose. A fagsystem looks up under its own registration
 * ({@code config/fagsystemer/<id>.yaml}, the caller's token {@code client_id} or client certificate); the integration
 * team (esb:admin) has no registration of its own and must name the fagsystem it acts for with {@code fagsystem},
 * and then sees exactly what that fagsystem would. Every call names a purpose from the registration's
 * {@code oppslag.formaal}. Pure: no I/O, no Spring.
 */
public final class Oppslagstilgang {

    private Oppslagstilgang() {
    }

    /** The outcome: allowed under a registration and purpose, or refused with a problem to answer. */
    public sealed interface Avgjoerelse permits Tillatt, Avslag {
        /** The fagsystem whose registration the call was judged under (for the audit trail), or null when none. */
        String fagsystem();
    }

    public record Tillatt(Fagsystem registrering, String formaal) implements Avgjoerelse {
        @Override
        public String fagsystem() {
            return registrering.id();
        }
    }

    /** @param type the problem type's last part ({@code urn:kommune-esb:problem:<type>}) */
    public record Avslag(int status, String type, String tittel, String detalj, String fagsystem) implements Avgjoerelse {
    }

    /**
     * @param kaller           the authenticated caller's fagsystem id (token client_id or certificate), null when unknown
     * @param admin            the caller holds esb:admin
     * @param oppgittFagsystem the {@code fagsystem} parameter: the registration to act under (the team must give it)
     * @param formaal          the {@code formaal} parameter
     * @param registreringer   the loaded registrations by id
     */
    public static Avgjoerelse avgjoer(String kaller, boolean admin, String oppgittFagsystem, String formaal,
                                      Function<String, Optional<Fagsystem>> registreringer) {
        String id;
        if (admin) {
            if (blank(oppgittFagsystem)) {
                return new Avslag(400, "fagsystem-mangler", "Fagsystem mangler",
                        "integrasjonsteamet slår opp på vegne av et fagsystem: oppgi ?fagsystem=<id>, så gjelder det fagsystemets registrering og formål", null);
            }
            id = oppgittFagsystem;
        } else {
            if (blank(kaller)) {
                return new Avslag(403, "ingen-registrering", "Ingen registrering", "kalleren er ikke et registrert fagsystem", null);
            }
            if (!blank(oppgittFagsystem) && !oppgittFagsystem.equals(kaller)) {
                return new Avslag(403, "annet-fagsystem", "Annet fagsystem",
                        "et fagsystem kan bare slå opp under sin egen registrering", kaller);
            }
            id = kaller;
        }
        Optional<Fagsystem> registrering = registreringer.apply(id);
        if (registrering.isEmpty()) {
            return new Avslag(403, "ingen-registrering", "Ingen registrering",
                    "fagsystemet har ingen registrering i config/fagsystemer og kan ikke slå opp", null);
        }
        Fagsystem f = registrering.get();
        if (f.oppslag().formaal().isEmpty()) {
            return new Avslag(403, "ingen-oppslag", "Ingen oppslag registrert",
                    "fagsystemets registrering har ingen oppslag.formaal og kan ikke slå opp", f.id());
        }
        if (blank(formaal)) {
            return new Avslag(400, "formaal-mangler", "Formål mangler",
                    "oppgi ?formaal=<formål>, ett av " + f.oppslag().formaal(), f.id());
        }
        if (!f.oppslag().tillater(formaal)) {
            return new Avslag(403, "formaal-ikke-registrert", "Formål ikke registrert",
                    "formålet er ikke registrert for fagsystemet; registrerte formål: " + f.oppslag().formaal(), f.id());
        }
        return new Tillatt(f, formaal);
    }

    /** True when the registration names related persons: without them, a family look-up has nothing it may show. */
    public static boolean familieTillatt(Fagsystem f) {
        return !f.relaterte().roller().isEmpty();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
