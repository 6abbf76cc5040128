package no.kommune.esb.simulator.sms;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated gateway's memory: every message taken, at most once per idempotency key. A message is ACCEPTED
 * when taken and DELIVERED once {@code simulator.sms.leveringstid} has passed, unless a test set another status.
 */
@Component
public class SmsGatewaySimulator {

    /** One message as the gateway took it. */
    public record Melding(String id, String idempotensnoekkel, String referanse, String fra, String til, String tekst,
                          Instant mottatt, String sattStatus) {

        Melding medStatus(String status) {
            return new Melding(id, idempotensnoekkel, referanse, fra, til, tekst, mottatt, status);
        }
    }

    /** The answer to a send: the message and whether it was new. */
    public record Resultat(Melding melding, boolean ny) {
    }

    private final Map<String, Melding> perId = new ConcurrentHashMap<>();
    private final Map<String, String> idPerNoekkel = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration leveringstid;

    public SmsGatewaySimulator(Clock simulatorClock, @Value("${simulator.sms.leveringstid:PT1S}") Duration leveringstid) {
        this.clock = simulatorClock;
        this.leveringstid = leveringstid;
    }

    /** Takes a message, or returns the one taken earlier under the same key (nothing is sent again). */
    public synchronized Resultat ta(String noekkel, String referanse, String fra, String til, String tekst) {
        String tidligere = idPerNoekkel.get(noekkel);
        if (tidligere != null) {
            return new Resultat(perId.get(tidligere), false);
        }
        Melding m = new Melding(UUID.randomUUID().toString(), noekkel, referanse, fra, til, tekst, clock.instant(), null);
        perId.put(m.id(), m);
        idPerNoekkel.put(noekkel, m.id());
        return new Resultat(m, true);
    }

    public Optional<Melding> finn(String id) {
        return Optional.ofNullable(perId.get(id));
    }

    /** The delivery status now: a status set by a test, else ACCEPTED until the delivery time has passed, then DELIVERED. */
    public String status(Melding m) {
        if (m.sattStatus() != null) {
            return m.sattStatus();
        }
        return clock.instant().isBefore(m.mottatt().plus(leveringstid)) ? "ACCEPTED" : "DELIVERED";
    }

    /** Sets a message's delivery status (e.g. FAILED); false when the id is unknown. */
    public boolean settStatus(String id, String status) {
        return perId.computeIfPresent(id, (k, m) -> m.medStatus(status)) != null;
    }

    /** Every message taken, oldest first. */
    public List<Melding> alle() {
        List<Melding> alle = new ArrayList<>(perId.values());
        alle.sort(Comparator.comparing(Melding::mottatt));
        return alle;
    }

    /** The messages taken for one reference (the platform sends the recipient-letter id). */
    public List<Melding> forReferanse(String referanse) {
        return alle().stream().filter(m -> referanse.equals(m.referanse())).toList();
    }

    public synchronized void nullstill() {
        perId.clear();
        idPerNoekkel.clear();
    }
}
