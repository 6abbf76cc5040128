package no.kommune.esb.forsendelse;

import no.kommune.esb.model.KrrKontakt;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which channel a service message ({@link Kanal#VARSEL_SMS_EPOST}) goes by when it is sent. The channel must be
 * allowed by the decision, still usable in the KRR answer fetched for this send (rules 2 and 3: the same test as the
 * decision, {@link Forsendelsesbeslutter#varslingskanaler}), and set up on the platform. SMS is preferred: it is
 * short, read at once and reaches the person wherever they are; e-mail is used when SMS is not possible.
 */
public final class Varselvalg {

    private Varselvalg() {
    }

    /**
     * The channel to send by now, or empty when none is left (KRR changed since the decision, or no gateway is set
     * up for the allowed channels).
     *
     * @param besluttet     the channels the decision allowed
     * @param fersk         the person's KRR entry looked up for this send; null when KRR did not answer for them
     * @param oppslag       when that KRR look-up was made (the reference for the 18-month rule)
     * @param tilgjengelige the channels the platform has a gateway for
     */
    public static Optional<Varslingskanal> velg(Set<Varslingskanal> besluttet, KrrKontakt fersk, Instant oppslag,
                                                Set<Varslingskanal> tilgjengelige) {
        return foretrukket(mulige(besluttet, fersk, oppslag, tilgjengelige));
    }

    /**
     * Every channel that may be used now (the same parameters as {@link #velg}); empty when none. After an attempt
     * with unknown outcome {@link Varselkanalbytte} chooses among them instead of the preference.
     */
    public static Set<Varslingskanal> mulige(Set<Varslingskanal> besluttet, KrrKontakt fersk, Instant oppslag,
                                             Set<Varslingskanal> tilgjengelige) {
        Set<Varslingskanal> mulige = EnumSet.noneOf(Varslingskanal.class);
        if (fersk == null) {
            return mulige;
        }
        mulige.addAll(besluttet);
        mulige.retainAll(Forsendelsesbeslutter.varslingskanaler(fersk, oppslag));
        mulige.retainAll(tilgjengelige);
        return mulige;
    }

    /** True when the platform can send by at least one of the channels a decision allows. */
    public static boolean kanSendes(Set<Varslingskanal> besluttet, Set<Varslingskanal> tilgjengelige) {
        return besluttet.stream().anyMatch(tilgjengelige::contains);
    }

    private static Optional<Varslingskanal> foretrukket(Set<Varslingskanal> mulige) {
        if (mulige.contains(Varslingskanal.SMS)) {
            return Optional.of(Varslingskanal.SMS);
        }
        return mulige.contains(Varslingskanal.EPOST) ? Optional.of(Varslingskanal.EPOST) : Optional.empty();
    }
}
