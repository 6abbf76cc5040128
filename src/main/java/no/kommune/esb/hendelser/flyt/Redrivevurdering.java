package no.kommune.esb.hendelser.flyt;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether one event delivery's dead letter may be redriven (docs/hendelser.md, "Redrive of one dead letter"): the rule
 * alone, from what {@link LeveringRedriver} read under the row's lock. Empty when it may; otherwise the refusal's problem
 * type and reason in the console's words (sequence numbers, fagsystem and event type only: no personal data).
 */
final class Redrivevurdering {

    /** How many of the later delivered rows the refusal names. */
    static final int NAVNGITT = 5;

    private Redrivevurdering() {
    }

    /**
     * What the rule looks at.
     *
     * @param status      the delivery row's status; null when the row is gone
     * @param hendelsetype its stored event's type; null when the event is not stored (the document cannot be made again)
     * @param fagsystem   the row's fagsystem id
     * @param registrert  whether a registration of that id is live
     * @param batchfil    whether the live registration delivers by batch file (SFTP)
     * @param melding     the row's message kind: empty for the registration's event message, {@code proaktiv/<trigger>}
     * @param abonnerer   whether the live registration takes the event (its type, or a resync); asked for the event message only
     * @param nyereLevert the sequence numbers of the later rows (by order key) of the same person, fagsystem and kind already
     *                    delivered, in order
     * @param trossNyere  the caller's choice to send even so
     */
    record Tilstand(String status, String hendelsetype, String fagsystem, boolean registrert, boolean batchfil, String melding,
                    boolean abonnerer, List<Long> nyereLevert, boolean trossNyere) {
    }

    /** A refusal: problem type (answered 409) and reason. */
    record Avslag(String type, String detalj) {
    }

    static Optional<Avslag> vurder(Tilstand t) {
        if (t.status() == null) {
            return avslag("kan-ikke-redrives", "leveringen finnes ikke lenger");
        }
        if (!"FEILET".equals(t.status())) {
            // a replay (or an earlier redrive) has put the row back since; sent again here it would go twice
            return avslag("ikke-feilet", "leveringen har status " + t.status() + " nå, ikke FEILET: den er alt sendt på nytt (replay)"
                    + " eller levert, og sendes ikke en gang til");
        }
        if (t.hendelsetype() == null) {
            return avslag("hendelse-mangler", "hendelsen er ikke lagret: dokumentet kan ikke lages på nytt under registreringen som gjelder nå");
        }
        if (!t.registrert()) {
            return avslag("fagsystem-ikke-registrert", "fagsystemet " + t.fagsystem() + " er ikke lenger registrert: leveringen har ingen"
                    + " kanal. Registrer fagsystemet igjen og send på nytt");
        }
        if (!t.melding().isEmpty() && t.batchfil()) {
            return avslag("batchfil", "fagsystemet " + t.fagsystem() + " leveres nå med batchfil; en proaktiv melding kan ikke leveres slik");
        }
        if (t.melding().isEmpty() && !t.abonnerer()) {
            return avslag("ikke-abonnert", "registreringen til " + t.fagsystem() + " tar ikke lenger hendelsestypen " + t.hendelsetype()
                    + ": det er ingenting å sende");
        }
        if (!t.nyereLevert().isEmpty() && !t.trossNyere()) {
            List<Long> navngitt = t.nyereLevert().subList(0, Math.min(NAVNGITT, t.nyereLevert().size()));
            return avslag("nyere-levert", t.nyereLevert().size() + " senere melding(er) av samme slag om samme person er levert til "
                    + t.fagsystem() + " siden (sekvensnummer " + navngitt.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + (t.nyereLevert().size() > NAVNGITT ? ", …" : "") + "). Sendt nå kommer denne eldre hendelsen sist, og et fagsystem"
                    + " som holder sin egen kopi kan bli stående med den. Send med tross-nyere=true hvis fagsystemet likevel skal ha den");
        }
        return Optional.empty();
    }

    private static Optional<Avslag> avslag(String type, String detalj) {
        return Optional.of(new Avslag(type, detalj));
    }
}
