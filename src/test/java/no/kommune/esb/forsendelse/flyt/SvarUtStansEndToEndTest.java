package no.kommune.esb.forsendelse.flyt;

import no.kommune.esb.Prometheus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DOMAIN.md rule 8 ("retries with backoff", no lost letters) through a long outage of the sending side: SvarUt answering
 * 503 to every send, SvarUt down as a whole, or Maskinporten answering 503 to every token request, each for longer
 * than a letter's attempts with their backoff add up to. The letters go to an organisation, so the pass looks nothing
 * up in a register and the send (and its token) is the only call that meets the outage.
 */
class SvarUtStansEndToEndTest extends BrevflytTest {

    /**
     * How long the service is down. Test profile: three attempts, the first wait 0.5 s doubling to at most 2 s, a miss
     * after a 503 final 2 s after it: a letter that spent an attempt on each failed send was in AVKLARES after about 4 s
     * (SvarUt's 503) or a dead letter after about 1.5 s (Maskinporten's 503, "not sent": no settle time).
     */
    private static final Duration UTFALL = Duration.ofSeconds(7);
    private static final int BREV = 3;

    // Before the fix each failed send spent one of the letter's attempts: with SvarUt's sends answered 503 (its search
    // answering) or Maskinporten's tokens refused, every letter was in AVKLARES or the dead-letter store long before the
    // outage ended (those two cases failed there); with SvarUt down as a whole one attempt was spent (the first 503), the
    // look-ups after it waited with the flow. Now a send that meets the outage spends none: the letter waits with the flow
    // (VENTER), the flow on the service, and after the outage each letter is sent exactly once (after a 503, found
    // missing by eksternReferanse first).
    @ParameterizedTest(name = "{0} down")
    @ValueSource(strings = {"svarut/send", "svarut/*", "maskinporten/*"})
    void should_keep_every_letter_waiting_with_the_flow_without_spending_attempts_through_a_long_outage_and_send_each_once_after_it(
            String feil) throws Exception {
        String register = feil.substring(0, feil.indexOf('/'));
        String flyt = "flyt=\"forsendelse-behandling\"";
        double feilFoer = Prometheus.verdi(port, "esb_register_feil_total", flyt, "register=\"" + register + "\"");
        Instant slutt = Instant.now().plus(UTFALL);
        put("/sim/admin/faults/" + feil, "{\"outageFrom\":\"" + Instant.now().minusSeconds(1) + "\",\"outageUntil\":\"" + slutt + "\"}");
        List<UUID> brev = new ArrayList<>();
        try {
            if (register.equals("maskinporten")) {
                // a SvarUt token from before the outage would send the letters without meeting it
                trekkTilbakeMaskinportentokener();
            }
            new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())).executeWithoutResult(tx -> {
                for (int i = 0; i < BREV; i++) {
                    brev.add(tilVirksomhet());
                }
            });
            // each letter met the outage: its send failed and it waits
            await().atMost(Duration.ofSeconds(30)).until(() -> brev.stream().allMatch(b -> tidslinje(b).stream()
                    .anyMatch(h -> h.equals("VENTER") || h.equals("NYTT_FORSOEK") || h.equals("DEAD_LETTER"))));
            assertThat(Instant.now()).as("the letters met the outage while it lasted").isBefore(slutt);
            await().atMost(UTFALL.plusSeconds(5)).until(() -> Instant.now().isAfter(slutt));

            // at the outage's end (the flow may send a letter the moment it is over): no attempt spent, none given up on
            for (UUID b : brev) {
                assertThat(tidslinje(b)).as("letter %s at the outage's end", b).contains("VENTER").doesNotContain("AVKLARES", "DEAD_LETTER");
                assertThat(jdbc.queryForObject("select forsoek from mottakerbrev where brev_id = ?", Integer.class, b))
                        .as("attempts spent on letter %s while %s was down", b, register).isZero();
            }
            assertThat(Prometheus.verdi(port, "esb_register_feil_total", flyt, "register=\"" + register + "\"") - feilFoer)
                    .as("the flow waited on " + register).isPositive();
        } finally {
            delete("/sim/admin/faults/" + feil);
        }

        for (UUID b : brev) {
            Map<String, Object> m = enesteMottakerbrev(b, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "SENDT_PRINT", "LEVERT", "LEST");
            assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).as("letter %s in SvarUt", b)
                    .containsExactly((UUID) m.get("svarut_id"));
            assertThat(jdbc.queryForObject("select count(*) from dead_letter where referanse = ?", Integer.class, m.get("id").toString())).isZero();
            assertThat(tidslinje(b)).doesNotContain("AVKLARES", "DEAD_LETTER");
            assertThat(jdbc.queryForObject("select forsoek from mottakerbrev where id = ?", Integer.class, m.get("id"))).isZero();
        }
    }

    // SvarUt's 429 (rate limiting, Retry-After 1 s) to every send for longer than the attempts with their backoff. The
    // contract is silent on 429; the platform reads it as a refusal that stored nothing (Sendeutfall.BESVART). Before,
    // each 429 spent an attempt: with max-forsoek 3 the letters were dead letters after about 2 s (this test failed
    // there). Now a 429 says only that the platform sends too much: the letter waits with the flow (the Retry-After
    // wins), the pass's other sends wait without calling, and after the throttling each letter is sent exactly once.
    @org.junit.jupiter.api.Test
    void should_keep_every_letter_waiting_with_the_flow_without_spending_attempts_while_svarut_throttles_and_send_each_once_after()
            throws Exception {
        put("/sim/admin/faults/svarut/send", "{\"throttleRate\":1.0,\"retryAfterMs\":1000}");
        List<UUID> brev = new ArrayList<>();
        try {
            new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())).executeWithoutResult(tx -> {
                for (int i = 0; i < BREV; i++) {
                    brev.add(tilVirksomhet());
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> brev.stream().allMatch(b -> tidslinje(b).stream()
                    .anyMatch(h -> h.equals("VENTER") || h.equals("NYTT_FORSOEK") || h.equals("DEAD_LETTER"))));
            // longer than three attempts with their waits would have taken (Retry-After 1 s each: about 2 s, when each
            // 429 spent an attempt); was 5 s
            Thread.sleep(3500);
            for (UUID b : brev) {
                assertThat(tidslinje(b)).as("letter %s while SvarUt throttles", b).contains("VENTER").doesNotContain("DEAD_LETTER", "NYTT_FORSOEK");
                assertThat(jdbc.queryForObject("select forsoek from mottakerbrev where brev_id = ?", Integer.class, b))
                        .as("attempts spent on letter %s while SvarUt throttled", b).isZero();
            }
        } finally {
            delete("/sim/admin/faults/svarut/send");
        }

        for (UUID b : brev) {
            Map<String, Object> m = enesteMottakerbrev(b, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "SENDT_PRINT", "LEVERT", "LEST");
            assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).as("letter %s in SvarUt", b)
                    .containsExactly((UUID) m.get("svarut_id"));
            assertThat(jdbc.queryForObject("select count(*) from dead_letter where referanse = ?", Integer.class, m.get("id").toString())).isZero();
            assertThat(jdbc.queryForObject("select forsoek from mottakerbrev where id = ?", Integer.class, m.get("id"))).isZero();
        }
    }

    /** A received formal letter to an organisation, as the intake stores it: SvarUt finds the recipient by its number. */
    private UUID tilVirksomhet() {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type, kanal_inn, status)
                values (?, 'skole', ?, 'Vedtak', 'FORMELL', false, '974760673', 'ORGANISASJON', 'REST', 'MOTTATT')""",
                id, "e2e-stans-" + NEXT.incrementAndGet() + "-" + id);
        jdbc.update("insert into brev_dokument (brev_id, nr, filnavn, mime_type, innhold) values (?, 0, 'vedtak.pdf', 'application/pdf', ?)", id, PDF);
        jdbc.update("insert into tidslinje (brev_id, hendelse, detalj) values (?, 'MOTTATT', 'REST')", id);
        return id;
    }
}
