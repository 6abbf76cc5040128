package no.kommune.esb.forsendelse.mottak;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.forsendelse.flyt.BehandlingRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code esb.deadletter.aapne{kilde}}: the open dead letters (neither redriven nor closed) of every kind, for the whole
 * platform — a letter's send or load, a hand-in refused at intake, a register-event delivery — from one grouped count
 * ({@link ForsendelseRepository#aapneDeadLettersPerKilde}) read at most every {@code forsendelse.dead-letter.maaling-maks-alder},
 * so a scrape of all kinds costs one query and several instances report the same totals. The kinds the platform stores
 * are reported from the start (0 when none is open); a kind first seen in the table is added when it is read.
 */
@Component
public class DeadLetterMetrikker {

    /** The gauge's name; tag {@code kilde}. */
    public static final String METRIKK = "esb.deadletter.aapne";

    private final MeterRegistry registry;
    private final ForsendelseRepository repository;
    private final Duration maksAlder;
    private final Clock clock = Clock.systemUTC();
    private final Set<String> registrert = ConcurrentHashMap.newKeySet();
    private Map<String, Long> antall = Map.of();
    private Instant lest = Instant.EPOCH;

    public DeadLetterMetrikker(MeterRegistry registry, ForsendelseRepository repository, List<DeadLetterRedriver> redrivere,
                               @Value("${forsendelse.dead-letter.maaling-maks-alder}") Duration maksAlder) {
        this.registry = registry;
        this.repository = repository;
        this.maksAlder = maksAlder;
        // the kinds written by the letter flow and the intake, and each redriver's (the event delivery's among them)
        Set<String> kjente = new TreeSet<>(List.of(DeadLetterSendRedriver.KILDE, BehandlingRepository.KILDE_ULASTBAR,
                InnleveringMottak.KILDE_JMS, InnleveringMottak.KILDE_SFTP));
        redrivere.forEach(r -> kjente.add(r.kilde()));
        kjente.forEach(this::registrer);
    }

    private void registrer(String kilde) {
        if (registrert.add(kilde)) {
            Gauge.builder(METRIKK, this, m -> m.antall(kilde))
                    .tag("kilde", kilde)
                    .description("Open dead letters (neither sent again nor closed) of this kind, whole platform")
                    .register(registry);
        }
    }

    synchronized double antall(String kilde) {
        Instant naa = clock.instant();
        if (Duration.between(lest, naa).compareTo(maksAlder) >= 0) {
            try {
                antall = repository.aapneDeadLettersPerKilde();
                lest = naa;
            } catch (RuntimeException e) {
                // the database health indicator reports the outage; the gauge shows NaN meanwhile
                return Double.NaN;
            }
            antall.keySet().forEach(this::registrer);
        }
        return antall.getOrDefault(kilde, 0L);
    }
}
