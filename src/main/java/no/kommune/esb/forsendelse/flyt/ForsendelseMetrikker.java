package no.kommune.esb.forsendelse.flyt;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.forsendelse.Mottakerbeslutning;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The letter flow's business metrics on {@code /actuator/prometheus} (no personal data in any tag):
 * <ul>
 *   <li>{@code esb.forsendelse.mottatt{kanal, utfall}}: hand-ins by channel (REST, JMS, SFTP) and outcome (ny, gjentatt,
 *       avvist), counted by the intake ({@code InnleveringMottak});</li>
 *   <li>{@code esb.forsendelse.beslutninger{kanal, regel}}: decisions made, by channel and DOMAIN rule;</li>
 *   <li>{@code esb.forsendelse.sendinger{gateway, utfall}}: send attempts by gateway (svarut, sms, epost) and outcome
 *       (sendt, nytt_forsoek, dead_letter; for SvarUt also avklares — attempts spent, outcome unknown, looked up again —
 *       and funnet — such a look-up found the letter);</li>
 *   <li>{@code esb.forsendelse.mottakerbrev{status}}: recipient letters waiting to be sent, in manual handling and in the
 *       dead-letter store, for the whole platform (read from the database at most every 15 s, so several instances
 *       report the same totals; alert on MANUELL and DEAD_LETTER growing).</li>
 * </ul>
 */
@Component
public class ForsendelseMetrikker {

    /** The states whose counts are gauges. */
    static final List<String> TELTE_STATUSER = List.of("KLAR_FOR_SENDING", "MANUELL", "DEAD_LETTER");
    private static final Duration MAKS_ALDER = Duration.ofSeconds(15);

    private final MeterRegistry registry;
    private final JdbcTemplate jdbc;
    private final Clock clock = Clock.systemUTC();
    private Map<String, Long> antall = Map.of();
    private Instant lest = Instant.EPOCH;

    public ForsendelseMetrikker(MeterRegistry registry, JdbcTemplate jdbc) {
        this.registry = registry;
        this.jdbc = jdbc;
        for (String status : TELTE_STATUSER) {
            Gauge.builder("esb.forsendelse.mottakerbrev", this, m -> m.antall(status))
                    .tag("status", status)
                    .description("Recipient letters in this state, whole platform")
                    .register(registry);
        }
    }

    /** A decision for one recipient. */
    public void besluttet(Mottakerbeslutning b) {
        registry.counter("esb.forsendelse.beslutninger", "kanal", b.kanal().name(), "regel", b.regel().kode()).increment();
    }

    /** The outcome of one send attempt through {@code gateway} (svarut, sms, epost). */
    public void sending(String gateway, String utfall) {
        registry.counter("esb.forsendelse.sendinger", "gateway", gateway, "utfall", utfall).increment();
    }

    synchronized double antall(String status) {
        Instant naa = clock.instant();
        if (Duration.between(lest, naa).compareTo(MAKS_ALDER) > 0) {
            Map<String, Long> ny = new HashMap<>();
            try {
                jdbc.query("select status, count(*) from mottakerbrev where status in ('KLAR_FOR_SENDING', 'MANUELL', 'DEAD_LETTER') group by status",
                        rs -> {
                            ny.put(rs.getString(1), rs.getLong(2));
                        });
                antall = ny;
                lest = naa;
            } catch (RuntimeException e) {
                // the database health indicator reports the outage; the gauge shows NaN meanwhile
                return Double.NaN;
            }
        }
        return antall.getOrDefault(status, 0L);
    }
}
