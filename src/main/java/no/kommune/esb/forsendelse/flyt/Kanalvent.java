package no.kommune.esb.forsendelse.flyt;

import no.kommune.esb.register.Ventetid;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The status outbox's wait per channel (sender system), on this instance: when a channel does not take a message
 * ({@link #feilet}) the whole channel waits, by the platform's backoff over its failures in a row, and its messages
 * (old and new) are not tried meanwhile; when its wait is over one message probes it. When a send to the channel
 * succeeds ({@link #lyktes}) the channel is open again and the messages that waited for it are due at once.
 * <p>
 * Before session 35 each message waited by its own failures: while a fagsystem's queue was held every due message
 * probed it in turn (each probe of a held Artemis queue holds the publication pass up to {@code tidsgrense}), each
 * message's wait grew to {@code maks-vent}, and once the queue opened each message went only when its own wait ended.
 * A message the channel rejects for itself (it took another) waits by its own failures ({@link #egenFeil}) and does not
 * hold the channel. Kept per instance: another instance finds a held channel by its own probe and waits as well.
 */
final class Kanalvent {

    private final Ventetid vent;
    private final Map<String, Tilstand> kanaler = new HashMap<>();

    Kanalvent(Ventetid vent) {
        this.vent = vent;
    }

    /** The channels that wait at {@code naa}: none of their messages is tried before their time. */
    synchronized Set<String> venter(Instant naa) {
        Set<String> venter = new HashSet<>();
        kanaler.forEach((kanal, t) -> {
            if (t.neste.isAfter(naa)) {
                venter.add(kanal);
            }
        });
        return venter;
    }

    /**
     * The channel did not take {@code meldinger} (its probe): one more failure in a row; returns when it is tried
     * again, which is also when these messages are due.
     */
    synchronized Instant feilet(String kanal, Collection<UUID> meldinger, Instant naa) {
        Tilstand t = kanaler.computeIfAbsent(kanal, k -> new Tilstand());
        t.feil++;
        t.neste = naa.plus(vent.etter(t.feil));
        t.venter.addAll(meldinger);
        return t.neste;
    }

    /** The channel took a message but not this one, for reasons of its own: it waits by its own failures. */
    synchronized void egenFeil(String kanal, UUID melding) {
        Tilstand t = kanaler.get(kanal);
        if (t != null) {
            t.venter.remove(melding);
        }
    }

    /** The channel took a message: it is open; returns the messages that waited for it (to be due at once). */
    synchronized Set<UUID> lyktes(String kanal) {
        Tilstand t = kanaler.remove(kanal);
        return t == null ? Set.of() : t.venter;
    }

    /** Failures in a row of the channel (0 = open). */
    synchronized int feil(String kanal) {
        Tilstand t = kanaler.get(kanal);
        return t == null ? 0 : t.feil;
    }

    private static final class Tilstand {
        int feil;
        Instant neste = Instant.MIN;
        final Set<UUID> venter = new LinkedHashSet<>();
    }
}
