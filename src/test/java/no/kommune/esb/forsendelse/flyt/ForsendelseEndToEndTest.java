package no.kommune.esb.forsendelse.flyt;

import com.fasterxml.jackson.databind.JsonNode;
import no.kommune.esb.forsendelse.mottak.ForsendelseRepository;
import no.kommune.esb.simulator.population.Kind;
import no.kommune.esb.simulator.population.SimPerson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Letters through the whole platform: stored letter → Folkeregisteret and KRR simulators over HTTP (with
 * Maskinporten tokens) → dispatch rules → SvarUt simulator → status follow-up. Each test takes its own synthetic
 * persons and sets their KRR entry, so the expected channel follows from DOMAIN.md's rules alone.
 */
@ExtendWith(OutputCaptureExtension.class)
class ForsendelseEndToEndTest extends BrevflytTest {

    @Autowired
    ForsendelseRepository forsendelseRepository;

    @Autowired
    org.springframework.jms.core.JmsTemplate jms;

    @Autowired
    no.kommune.esb.simulator.fault.FaultInjector faults;

    @Autowired
    BehandlingRepository behandlingRepository;

    @Autowired
    no.kommune.esb.svarut.SvarUtClient svarUtClient;

    @org.springframework.beans.factory.annotation.Value("${forsendelse.behandling.krr-maks-alder}")
    Duration krrMaksAlder;

    @Test
    void should_send_a_formal_letter_digitally_once_to_an_active_unreserved_person_and_follow_it_to_delivered() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 0);
        krr(p, "AKTIV", "NEI", true);

        UUID brev = lever(p.id(), "FORMELL", false);

        Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
        assertThat(m.get("kanal")).isEqualTo("DIGITAL");
        assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(m.get("id")), s -> s.equals("LEVERT") || s.equals("LEST"));
        assertThat(tidslinje(brev)).contains("MOTTATT", "OPPSLAG", "BESLUTTET", "SENDT", "STATUS");
    }

    @Test
    void should_take_over_a_letter_a_dead_instance_left_in_processing_once_forsendelse_behandling_gjenoppta_etter_has_passed() throws Exception {
        // the test profile sets gjenoppta-etter to one minute; before it was a key, five minutes were fixed in the claim
        SimPerson p = person(Kind.VANLIG_VOKSEN, 131);
        krr(p, "AKTIV", "NEI", true);
        // stored straight in BEHANDLES two minutes ago, as an instance killed mid-batch leaves it (never MOTTATT, so only the take-over claims it)
        UUID brev = UUID.randomUUID();
        jdbc.update("""
                insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type, kanal_inn, status, endret_tid)
                values (?, 'skole', ?, 'Vedtak om skoleskyss', 'FORMELL', false, ?, 'PERSON', 'REST', 'BEHANDLES', now() - interval '2 minutes')""",
                brev, "e2e-forlatt-" + brev, p.id());
        jdbc.update("insert into brev_dokument (brev_id, nr, filnavn, mime_type, innhold) values (?, 0, 'vedtak.pdf', 'application/pdf', ?)", brev, PDF);
        jdbc.update("insert into tidslinje (brev_id, hendelse, detalj) values (?, 'MOTTATT', 'REST')", brev);

        Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
        assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).hasSize(1);
    }

    @Test
    void should_print_to_the_postal_address_when_the_person_is_reserved() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 1);
        krr(p, "AKTIV", "JA", false);

        UUID brev = lever(p.id(), "FORMELL", false);

        Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "SENDT_PRINT", "LEVERT");
        assertThat(m.get("kanal")).isEqualTo("PRINT");
        JsonNode mottaker = sendtTilSvarUt(m).path("mottaker");
        assertThat(mottaker.path("adresselinje1").asText()).isNotBlank();
        assertThat(mottaker.path("postnummer").asText()).matches("\\d{4}");
        assertThat(m.get("grunnlag").toString()).contains("\"reservert\": true").doesNotContain("@");
    }

    @Test
    void should_stop_and_not_send_a_letter_to_a_deceased_person() throws Exception {
        SimPerson p = person(Kind.DOED, 0);

        UUID brev = lever(p.id(), "FORMELL", false);

        Map<String, Object> m = enesteMottakerbrev(brev, "STOPPET");
        assertThat(m.get("kanal")).isEqualTo("STOPP");
        assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).isEmpty();
    }

    @Test
    void should_never_let_a_strictly_confidential_address_leave_the_platform_or_reach_a_row_or_log_line(CapturedOutput output) throws Exception {
        SimPerson p = person(Kind.STRENGT_FORTROLIG, 0);
        krr(p, "AKTIV", "JA", false);
        String gate = population.address(p.addressIndex()).adressenavn();

        UUID brev = lever(p.id(), "FORMELL", false);

        // reserved, so not digital; the address may not be used, so a person must handle it (rule 5)
        Map<String, Object> m = enesteMottakerbrev(brev, "MANUELL");
        assertThat(m.get("manuell_grunn")).isNotNull();
        assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).isEmpty();
        String rows = jdbc.queryForList("select m::text from mottakerbrev m where brev_id = ?", String.class, brev).toString()
                + jdbc.queryForList("select t::text from tidslinje t where brev_id = ?", String.class, brev).toString();
        assertThat(rows).doesNotContain(gate);
        assertThat(output.getAll()).doesNotContain(gate).doesNotContain(p.id());
    }

    @Test
    void should_send_digitally_without_any_address_to_a_strictly_confidential_person_who_may_get_digital_post() throws Exception {
        SimPerson p = person(Kind.STRENGT_FORTROLIG, 1);
        krr(p, "AKTIV", "NEI", true);
        String gate = population.address(p.addressIndex()).adressenavn();

        UUID brev = lever(p.id(), "FORMELL", false);

        Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
        JsonNode sendt = sendtTilSvarUt(m);
        assertThat(sendt.path("kunDigitalLevering").asBoolean()).isTrue();
        assertThat(sendt.toString()).doesNotContain(gate);
        assertThat(sendt.path("mottaker").path("adresselinje1").isMissingNode() || sendt.path("mottaker").path("adresselinje1").isNull()).isTrue();
    }

    @Test
    void should_send_exactly_one_letter_when_svarut_loses_its_answer_after_storing_it() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 2);
        krr(p, "AKTIV", "NEI", true);
        // the next send is stored by SvarUt, but the connection drops before the answer arrives
        put("/sim/admin/faults/svarut/send", "{\"lostAnswerCount\":1}");
        try {
            UUID brev = lever(p.id(), "FORMELL", false);

            Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
            // one lost answer, then a look-up by eksternReferanse finds the stored letter: no second send
            assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).hasSize(1);
            assertThat(m.get("svarut_id").toString()).isEqualTo(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString()).get(0).toString());
        } finally {
            delete("/sim/admin/faults/svarut/send");
        }
    }

    // DOMAIN.md rule 8 when SvarUt's search lags behind its store: SvarUt stores the letter and loses the answer, and its
    // eksternReferanse search shows a letter only 1 s after it was stored (fault visibleAfterMs). The old code took the
    // miss of the look-up 200 ms after the lost answer as final and sent again at once: two letters in SvarUt (this test
    // failed there). Now a miss is final only lookup-settle-time (1.5 s in tests) after the lost attempt: the flow counts
    // the lost attempt, waits, and its next look-up finds the first letter.
    @Test
    void should_send_exactly_one_letter_when_svarut_loses_its_answer_and_its_search_shows_the_stored_letter_only_later() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 144);
        krr(p, "AKTIV", "NEI", true);
        put("/sim/admin/faults/svarut/send", "{\"lostAnswerCount\":1}");
        put("/sim/admin/faults/svarut/eksternref", "{\"visibleAfterMs\":1000}");
        try {
            UUID brev = lever(p.id(), "FORMELL", false);

            Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
            assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).containsExactly((UUID) m.get("svarut_id"));
            // the lost send is the one attempt counted; the timeline says why it waited, then that it was found
            assertThat(jdbc.queryForObject("select forsoek from mottakerbrev where id = ?", Integer.class, m.get("id"))).isEqualTo(1);
            assertThat(tidslinjeDetaljer(brev)).anyMatch(d -> d.startsWith("NYTT_FORSOEK") && d.contains("ikke funnet på eksternReferanse ennå"));
            assertThat(tidslinjeDetaljer(brev)).anyMatch(d -> d.startsWith("SENDT") && d.contains((m.get("svarut_id")).toString()));
        } finally {
            delete("/sim/admin/faults/svarut/eksternref");
            delete("/sim/admin/faults/svarut/send");
        }
    }

    // DOMAIN.md rule 8 when SvarUt says yes in a way the client cannot read: SvarUt stores the letter and answers 200 with
    // its JSON cut short (fault unreadableAnswerCount), and its search shows the letter only 1 s later. On the old code
    // the answer was BAD_RESPONSE, not retryable: the letter SvarUt held became a dead letter saying "ikke sendt" (this
    // test failed there). Now it is an attempt with unknown outcome, as a lost answer: looked up by eksternReferanse,
    // a miss final only after the settle time, and the look-up finds the one letter.
    @Test
    void should_send_exactly_one_letter_when_svarut_stores_it_and_answers_with_a_body_that_cannot_be_read() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 145);
        krr(p, "AKTIV", "NEI", true);
        put("/sim/admin/faults/svarut/send", "{\"unreadableAnswerCount\":1}");
        put("/sim/admin/faults/svarut/eksternref", "{\"visibleAfterMs\":1000}");
        try {
            UUID brev = lever(p.id(), "FORMELL", false);

            Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
            assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).containsExactly((UUID) m.get("svarut_id"));
            assertThat(jdbc.queryForObject("select count(*) from dead_letter where referanse = ?", Integer.class, m.get("id").toString())).isZero();
            assertThat(tidslinjeDetaljer(brev)).noneMatch(d -> d.contains("ikke sendt"))
                    .anyMatch(d -> d.startsWith("NYTT_FORSOEK") && d.contains("svaret kunne ikke leses"))
                    .anyMatch(d -> d.startsWith("SENDT") && d.contains(m.get("svarut_id").toString()));
        } finally {
            delete("/sim/admin/faults/svarut/eksternref");
            delete("/sim/admin/faults/svarut/send");
        }
    }

    // DOMAIN.md rule 8 when a gateway answers 502 after SvarUt stored the letter (fault errorAfterCommitCount), and SvarUt's
    // search shows it only 1 s later. On the old code a 5xx was "SvarUt answered, not stored": the attempt was closed,
    // the next one's look-up trusted its miss at once and sent a second letter (this test failed there: two in SvarUt).
    // Now a 5xx is an attempt with unknown outcome: a miss is final only after the settle time, and the look-up finds it.
    @Test
    void should_send_exactly_one_letter_when_svarut_stores_it_and_a_gateway_answers_502() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 146);
        krr(p, "AKTIV", "NEI", true);
        put("/sim/admin/faults/svarut/send", "{\"errorAfterCommitCount\":1,\"errorStatus\":502}");
        put("/sim/admin/faults/svarut/eksternref", "{\"visibleAfterMs\":1000}");
        try {
            UUID brev = lever(p.id(), "FORMELL", false);

            Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
            assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).containsExactly((UUID) m.get("svarut_id"));
            assertThat(jdbc.queryForObject("select count(*) from dead_letter where referanse = ?", Integer.class, m.get("id").toString())).isZero();
            assertThat(tidslinjeDetaljer(brev)).noneMatch(d -> d.contains("ikke sendt"))
                    .anyMatch(d -> d.startsWith("NYTT_FORSOEK") && d.contains("serverfeil (HTTP 502"))
                    .anyMatch(d -> d.startsWith("SENDT") && d.contains(m.get("svarut_id").toString()));
        } finally {
            delete("/sim/admin/faults/svarut/eksternref");
            delete("/sim/admin/faults/svarut/send");
        }
    }

    @Test
    void should_not_dead_letter_a_letter_svarut_may_hold_but_look_it_up_until_svarut_answers_when_its_attempts_are_spent() throws Exception {
        UUID brev;
        try {
            // the last attempt (max-forsoek 3 in tests) was stored by SvarUt but its answer lost, and SvarUt's
            // eksternReferanse search is down: whether SvarUt holds the letter cannot be known
            brev = leverTilAvklaring(person(Kind.VANLIG_VOKSEN, 5), true);
            Map<String, Object> venter = mottakerbrev(brev).get(0);
            // with the attempts spent it is neither a dead letter nor sent again; it waits to be looked up
            assertThat(venter.get("status")).isEqualTo("KLAR_FOR_SENDING");
            assertThat(jdbc.queryForObject("select forsoek from mottakerbrev where id = ?", Integer.class, venter.get("id"))).isEqualTo(3);
            assertThat(jdbc.queryForObject("select count(*) from dead_letter where referanse = ?", Integer.class, venter.get("id").toString())).isZero();
            assertThat(svarUt.finnForEksternReferanse(kontoId(), venter.get("id").toString())).hasSize(1);
        } finally {
            delete("/sim/admin/faults/svarut/eksternref");
            delete("/sim/admin/faults/svarut/send");
        }

        Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
        // the look-up found the letter the first attempt stored: it counts as sent, once, and never became a dead letter
        assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).containsExactly((UUID) m.get("svarut_id"));
        assertThat(jdbc.queryForObject("select count(*) from dead_letter where referanse = ?", Integer.class, m.get("id").toString())).isZero();
        assertThat(tidslinje(brev)).doesNotContain("DEAD_LETTER");
    }

    @Test
    void should_dead_letter_a_letter_whose_attempts_are_spent_only_once_a_look_up_shows_svarut_does_not_hold_it() throws Exception {
        try {
            // the last attempt's answer was lost (nothing stored) and the search is down: whether it arrived cannot be known
            UUID brev = leverTilAvklaring(person(Kind.VANLIG_VOKSEN, 6), false);
            assertThat(tidslinje(brev)).doesNotContain("DEAD_LETTER");

            // the search answers again (sends still refused): the look-up shows SvarUt has nothing, so now it is a dead letter
            delete("/sim/admin/faults/svarut/eksternref");
            Map<String, Object> m = enesteMottakerbrev(brev, "DEAD_LETTER");
            assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).isEmpty();
            assertThat(jdbc.queryForList("select grunn from dead_letter where kilde = 'forsendelse-send' and referanse = ?", String.class,
                    m.get("id").toString())).singleElement().asString().contains("ikke hos SvarUt");
        } finally {
            delete("/sim/admin/faults/svarut/eksternref");
            delete("/sim/admin/faults/svarut/send");
        }
    }

    // DOMAIN.md rule 8: after a lost send answer, SvarUt refuses the look-up by eksternReferanse (401: credentials). On
    // the old code the refusal came through sendExactlyOnce as UNAUTHORIZED, not retryable, and the letter SvarUt held
    // became a dead letter at once ("failed" to the fagsystem) — this test failed there (DEAD_LETTER in the timeline).
    @Test
    void should_keep_a_letter_svarut_may_hold_waiting_with_an_alarm_not_dead_letter_it_when_svarut_refuses_the_look_up_after_a_lost_answer()
            throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 140);
        krr(p, "AKTIV", "NEI", true);
        jdbc.update("update alarm set kvittert = now() where kilde = ? and kvittert is null", SvarUtOppslagsalarm.KILDE);
        UUID brev;
        put("/sim/admin/faults/svarut/send", "{\"lostAnswerCount\":1}");
        put("/sim/admin/faults/svarut/eksternref", "{\"errorRate\":1.0,\"errorStatus\":401}");
        try {
            brev = lever(p.id(), "FORMELL", false);
            // the look-up after the lost answer (and each one after it) is refused (401): SvarUt refuses the platform, so
            // the flow waits without spending the letter's attempts (session 22; before, each attempt was spent on the
            // refused look-up until it went to AVKLARES); sending_startet keeps it looked up before anything is sent
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "select count(*) from alarm where kilde = ? and kvittert is null", Integer.class, SvarUtOppslagsalarm.KILDE) > 0
                    || tidslinje(brev).contains("DEAD_LETTER"));
            Thread.sleep(2000);
            Map<String, Object> venter = mottakerbrev(brev).get(0);
            assertThat(tidslinje(brev)).doesNotContain("DEAD_LETTER");
            assertThat(jdbc.queryForObject("select forsoek from mottakerbrev where id = ?", Integer.class, venter.get("id")))
                    .as("no attempt spent on the platform's own set-up").isZero();
            assertThat(venter.get("status")).isEqualTo("KLAR_FOR_SENDING");
            assertThat(jdbc.queryForObject("select count(*) from dead_letter where referanse = ?", Integer.class, venter.get("id").toString())).isZero();
            assertThat(statusmeldinger((UUID) venter.get("id"))).isEmpty();
            // sent once, never again without a look-up that answered
            assertThat(svarUt.finnForEksternReferanse(kontoId(), venter.get("id").toString())).hasSize(1);
            // a configuration problem a person must fix: an open alarm (DOWN in /actuator/health)
            // in words with a stable code, never the kind's Java name (before: "(UNAUTHORIZED, HTTP 401)")
            assertThat(jdbc.queryForList("select melding || ' ' || aarsak from alarm where kilde = ? and kvittert is null", String.class,
                    SvarUtOppslagsalarm.KILDE)).singleElement().asString()
                    .contains("SvarUt avviste plattformens tilgang (HTTP 401").endsWith(" SVARUT-OPPSLAG-TILGANG-AVVIST").doesNotContain("UNAUTHORIZED");
        } finally {
            delete("/sim/admin/faults/svarut/eksternref");
            delete("/sim/admin/faults/svarut/send");
        }

        // the credentials work again: the look-up finds the letter the first attempt stored, sent once, the alarm closed
        Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
        assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).containsExactly((UUID) m.get("svarut_id"));
        assertThat(statusmeldinger((UUID) m.get("id"))).doesNotContain("DEAD_LETTER");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from alarm where kilde = ? and kvittert is null", Integer.class, SvarUtOppslagsalarm.KILDE) == 0);
    }

    // A redrive resets the attempts of a dead letter, not its history: a recipient letter whose earlier send has an
    // unknown outcome (sending_startet, forsoek_gateway SVARUT; as the old code dead-lettered it after a refused
    // look-up) is looked up by eksternReferanse before anything is sent. A guard: this passes on the old code too.
    @Test
    void should_look_a_redriven_dead_letter_whose_earlier_send_may_have_arrived_up_before_sending_it_and_send_it_once() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 141);
        krr(p, "AKTIV", "NEI", true);
        UUID brev = UUID.randomUUID();
        String ref = "e2e-redrive-" + brev;
        UUID mottakerbrev = ForsendelseBehandler.mottakerbrevId(brev, ref);
        UUID iSvarUt = lagretISvarUt(mottakerbrev, p);
        UUID dead = UUID.randomUUID();
        new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(jdbc.getDataSource())).executeWithoutResult(tx -> {
            jdbc.update("""
                    insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type, kanal_inn, status)
                    values (?, 'skole', ?, 'Vedtak om skoleskyss', 'FORMELL', false, ?, 'PERSON', 'REST', 'BEHANDLET')""", brev, ref, p.id());
            jdbc.update("insert into brev_dokument (brev_id, nr, filnavn, mime_type, innhold) values (?, 0, 'vedtak.pdf', 'application/pdf', ?)", brev, PDF);
            jdbc.update("""
                    insert into mottakerbrev (id, brev_id, mottaker, kanal, regel, status, forsoek, sending_startet, forsoek_gateway)
                    values (?, ?, ?, 'DIGITAL', 'R2-DIGITAL', 'DEAD_LETTER', 1, now(), 'SVARUT')""", mottakerbrev, brev, p.id());
            jdbc.update("insert into dead_letter (id, kilde, referanse, grunn) values (?, 'forsendelse-send', ?, 'UNAUTHORIZED: svarut: eksternref feilet')",
                    dead, mottakerbrev.toString());
        });

        assertThat(forsendelseRepository.sendPaaNytt(mottakerbrev, dead)).isEqualTo(ForsendelseRepository.SendPaaNytt.SENDES_PAA_NYTT);

        Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
        assertThat(m.get("svarut_id")).isEqualTo(iSvarUt);
        assertThat(svarUt.finnForEksternReferanse(kontoId(), mottakerbrev.toString())).containsExactly(iSvarUt);
    }

    /** Any status a recipient letter can end its pass in after a lost SvarUt answer: stopped, manual or sent on. */
    private static final String[] AVGJORT = {"STOPPET", "MANUELL", "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST"};

    // Rule 8 with rule 6: an earlier attempt's answer was lost, but SvarUt took the letter and prints it. A later pass
    // that decides STOPP (deceased) or MANUELL (strengt fortrolig) must look the letter up by eksternReferanse first:
    // recorded without it, the fagsystem heard "stopped" for a letter SvarUt posts (status polling never followed it),
    // or a case officer forwarded a second copy. These tests failed on that code (STOPPET / MANUELL, svarut_id null).

    @Test
    void should_report_a_letter_svarut_holds_from_an_attempt_with_a_lost_answer_as_sent_not_stopped_when_the_person_has_died_since() throws Exception {
        SimPerson p = person(Kind.DOED, 1);
        UUID brev = UUID.randomUUID();
        UUID mottakerbrev = ForsendelseBehandler.mottakerbrevId(brev, "e2e-taptsvar-" + brev);
        UUID iSvarUt = lagretISvarUt(mottakerbrev, p);

        leverEtterTaptSvarUtSvar(brev, p);

        Map<String, Object> m = enesteMottakerbrev(brev, AVGJORT);
        assertThat(m.get("status")).as("the letter SvarUt holds is sent, not stopped").isNotEqualTo("STOPPET");
        assertThat(m.get("svarut_id")).isEqualTo(iSvarUt);
        assertThat(svarUt.finnForEksternReferanse(kontoId(), mottakerbrev.toString())).containsExactly(iSvarUt);
        assertThat(statusmeldinger(mottakerbrev)).contains("SENDT").doesNotContain("STOPPET");
        assertThat(tidslinjeDetaljer(brev)).anyMatch(d -> d.startsWith("SENDT ") && d.contains("tidligere forsøk") && d.contains("R6-DOED"));
        // tracked like any sent letter: the status poller follows it at SvarUt
        await().atMost(Duration.ofSeconds(30)).until(() -> status(mottakerbrev), s -> !s.equals("SENDT"));
    }

    @Test
    void should_stop_and_report_a_deceased_persons_letter_after_an_attempt_with_a_lost_answer_when_svarut_does_not_hold_it() throws Exception {
        SimPerson p = person(Kind.DOED, 2);
        UUID brev = UUID.randomUUID();
        UUID mottakerbrev = ForsendelseBehandler.mottakerbrevId(brev, "e2e-taptsvar-" + brev);

        leverEtterTaptSvarUtSvar(brev, p);

        Map<String, Object> m = enesteMottakerbrev(brev, AVGJORT);
        assertThat(m.get("status")).isEqualTo("STOPPET");
        assertThat(m.get("regel")).isEqualTo("R6-DOED");
        assertThat(svarUt.finnForEksternReferanse(kontoId(), mottakerbrev.toString())).isEmpty();
        assertThat(jdbc.queryForList("select melding from statusutboks where mottakerbrev_id = ? and status = 'STOPPET'", String.class, mottakerbrev))
                .singleElement().asString().contains("\"aarsak\":\"R6-DOED\"");
        assertThat(tidslinjeDetaljer(brev)).anyMatch(d -> d.startsWith("BESLUTTET_PAA_NYTT ") && d.contains("ikke hos SvarUt"));
    }

    @Test
    void should_not_hand_a_letter_svarut_holds_to_manual_handling_when_the_person_became_strengt_fortrolig_after_an_attempt_with_a_lost_answer()
            throws Exception {
        SimPerson p = person(Kind.STRENGT_FORTROLIG, 2);
        // reserved: a new decision is MANUELL R5-SF-MANUELL (forwarding through the register authority)
        krr(p, "AKTIV", "JA", false);
        UUID brev = UUID.randomUUID();
        UUID mottakerbrev = ForsendelseBehandler.mottakerbrevId(brev, "e2e-taptsvar-" + brev);
        UUID iSvarUt = lagretISvarUt(mottakerbrev, p);

        leverEtterTaptSvarUtSvar(brev, p);

        Map<String, Object> m = enesteMottakerbrev(brev, AVGJORT);
        assertThat(m.get("status")).as("no manual case to forward a second copy").isNotEqualTo("MANUELL");
        assertThat(m.get("svarut_id")).isEqualTo(iSvarUt);
        assertThat(svarUt.finnForEksternReferanse(kontoId(), mottakerbrev.toString())).containsExactly(iSvarUt);
        assertThat(statusmeldinger(mottakerbrev)).doesNotContain("MANUELL");
    }

    @Test
    void should_not_hand_a_letter_svarut_holds_to_manual_handling_when_the_grading_check_before_sending_finds_strengt_fortrolig_after_a_lost_answer()
            throws Exception {
        SimPerson p = ugradertVoksenUtenBarn(4);
        krr(p, "AKTIV", "JA", false);
        UUID brev = UUID.randomUUID();
        UUID mottakerbrev = ForsendelseBehandler.mottakerbrevId(brev, "e2e-taptsvar-" + brev);
        UUID iSvarUt = lagretISvarUt(mottakerbrev, p);
        // decided PRINT again from the look-up; the check just before sending sees strengt fortrolig (MANUELL R5-SF-MANUELL)
        graderEtterNesteOppslag(p, "strengtFortrolig");
        try {
            leverEtterTaptSvarUtSvar(brev, p);

            Map<String, Object> m = enesteMottakerbrev(brev, AVGJORT);
            assertThat(tidslinjeDetaljer(brev)).anyMatch(d -> d.startsWith("KONTROLL_FOER_SENDING ") && d.contains("STRENGT_FORTROLIG"));
            assertThat(m.get("status")).isNotEqualTo("MANUELL");
            assertThat(m.get("svarut_id")).isEqualTo(iSvarUt);
            assertThat(svarUt.finnForEksternReferanse(kontoId(), mottakerbrev.toString())).containsExactly(iSvarUt);
            assertThat(statusmeldinger(mottakerbrev)).doesNotContain("MANUELL");
        } finally {
            gradering(p, "ugradert");
        }
    }

    // A failed look-up by eksternReferanse for a letter not to be sent now (a stop, manual handling, a recipient no longer
    // named) spent a send attempt, as if a send had been tried: with max-forsoek 3 a SvarUt outage of two passes took the
    // letter to AVKLARES (attempts spent) for no send at all, and to the dead-letter store had the decision turned back to
    // sending. Now it waits with the flow as for any register that is down, its attempts untouched. The two tests below
    // failed on that code (NYTT_FORSOEK, AVKLARES, forsoek 3).
    @Test
    void should_keep_a_deceased_persons_letter_waiting_without_a_decision_or_a_spent_attempt_while_svarut_cannot_say_whether_an_attempt_with_a_lost_answer_arrived()
            throws Exception {
        SimPerson p = person(Kind.DOED, 3);
        UUID brev = UUID.randomUUID();
        UUID mottakerbrev = ForsendelseBehandler.mottakerbrevId(brev, "e2e-taptsvar-" + brev);
        UUID iSvarUt = lagretISvarUt(mottakerbrev, p);
        put("/sim/admin/faults/svarut/eksternref", "{\"errorRate\":1.0,\"errorStatus\":503}");
        try {
            leverEtterTaptSvarUtSvar(brev, p);

            // the look-up fails, pass after pass: the stop is not recorded, the recipient letter waits with the flow for
            // another look-up, and none of its attempts is spent (no AVKLARES, no dead letter)
            venterPaaMislyktedeOppslag(brev, mottakerbrev);
            assertThat(status(mottakerbrev)).isEqualTo("KLAR_FOR_SENDING");
            assertThat(statusmeldinger(mottakerbrev)).isEmpty();
            assertThat(tidslinje(brev)).doesNotContain("BESLUTTET_PAA_NYTT", "DEAD_LETTER");
        } finally {
            delete("/sim/admin/faults/svarut/eksternref");
        }

        // SvarUt answers again and holds the letter: sent by the earlier attempt, never reported stopped
        Map<String, Object> m = enesteMottakerbrev(brev, "STOPPET", "MANUELL", "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST", "DEAD_LETTER");
        assertThat(m.get("svarut_id")).isEqualTo(iSvarUt);
        assertThat(statusmeldinger(mottakerbrev)).doesNotContain("STOPPET", "DEAD_LETTER");
        assertThat(svarUt.finnForEksternReferanse(kontoId(), mottakerbrev.toString())).containsExactly(iSvarUt);
    }

    /**
     * Waits until three passes in a row failed to look the recipient letter up by eksternReferanse (three VENTER rows
     * saying so: more than the attempts max-forsoek 3 leaves a letter with one spent), or until an attempt was counted
     * for a failed look-up; then checks none was: forsoek is still the one attempt whose answer was lost.
     */
    private void venterPaaMislyktedeOppslag(UUID brev, UUID mottakerbrev) {
        java.util.function.Supplier<List<String>> rader = () -> jdbc.queryForList(
                "select hendelse || ' ' || coalesce(detalj, '') from tidslinje where mottakerbrev_id = ? order by id", String.class, mottakerbrev);
        await().atMost(Duration.ofSeconds(30)).until(() -> rader.get().stream().filter(d -> d.startsWith("VENTER ") && d.contains("eksternReferanse")
                && d.contains("SvarUt")).count() >= 3 || rader.get().stream().anyMatch(d -> d.startsWith("NYTT_FORSOEK ") || d.startsWith("AVKLARES ")));
        assertThat(rader.get()).noneMatch(d -> d.startsWith("NYTT_FORSOEK ") || d.startsWith("AVKLARES ") || d.startsWith("DEAD_LETTER "));
        assertThat(jdbc.queryForObject("select forsoek from mottakerbrev where id = ?", Integer.class, mottakerbrev))
                .as("no send attempt spent on a failed look-up").isOne();
        assertThat(tidslinje(brev)).doesNotContain("DEAD_LETTER");
    }

    /** SvarUt takes a letter under this recipient letter's id, as the earlier attempt whose answer was lost did. */
    private UUID lagretISvarUt(UUID mottakerbrev, SimPerson p) {
        return svarUtClient.send(no.kommune.esb.svarut.Forsendelse.builder("Vedtak om skoleskyss", mottakerbrev.toString(),
                        no.kommune.esb.svarut.Forsendelse.Mottaker.digital("Test", p.id())).kunDigitalLevering(true).build(),
                List.of(no.kommune.esb.svarut.Dokument.pdf("vedtak.pdf", PDF)));
    }

    /**
     * A formal letter whose one recipient letter had a PRINT attempt through SvarUt whose answer was lost (sending_startet
     * and forsoek_gateway SVARUT kept, one attempt spent), due for its next attempt; the reference is
     * {@code e2e-taptsvar-<brev>}. One transaction, so the flow sees both at once.
     */
    private void leverEtterTaptSvarUtSvar(UUID brev, SimPerson p) {
        leverEtterTaptSvarUtSvar(brev, p, 1);
    }

    /** As {@link #leverEtterTaptSvarUtSvar(UUID, SimPerson)} with {@code forsoek} attempts spent, the lost one an hour ago. */
    private void leverEtterTaptSvarUtSvar(UUID brev, SimPerson p, int forsoek) {
        String ref = "e2e-taptsvar-" + brev;
        new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(jdbc.getDataSource())).executeWithoutResult(tx -> {
            jdbc.update("""
                    insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type, kanal_inn, status)
                    values (?, 'skole', ?, 'Vedtak om skoleskyss', 'FORMELL', false, ?, 'PERSON', 'REST', 'MOTTATT')""", brev, ref, p.id());
            jdbc.update("insert into brev_dokument (brev_id, nr, filnavn, mime_type, innhold) values (?, 0, 'vedtak.pdf', 'application/pdf', ?)", brev, PDF);
            jdbc.update("insert into tidslinje (brev_id, hendelse, detalj) values (?, 'MOTTATT', 'REST')", brev);
            jdbc.update("""
                    insert into mottakerbrev (id, brev_id, mottaker, kanal, regel, status, forsoek, sending_startet, forsoek_gateway,
                                              svarut_uavklart_fra)
                    values (?, ?, ?, 'PRINT', 'R2-PRINT-RESERVERT', 'KLAR_FOR_SENDING', ?, now(), 'SVARUT',
                            case when ? > 1 then now() - interval '1 hour' end)""",
                    ForsendelseBehandler.mottakerbrevId(brev, ref), brev, p.id(), forsoek, forsoek);
        });
    }

    /** The statuses the fagsystem is told about this recipient letter, in order. */
    private List<String> statusmeldinger(UUID mottakerbrev) {
        return jdbc.queryForList("select status from statusutboks where mottakerbrev_id = ? order by sekvens", String.class, mottakerbrev);
    }

    /**
     * A letter whose recipient letter has spent its attempts (max-forsoek 3 in tests), the last with a lost answer long
     * enough ago for a miss to be final, while SvarUt's eksternReferanse search is down; {@code iSvarUt}: SvarUt took that
     * last send. Waits until the flow has looked it up and, the look-up failing, left it to be looked up again (timeline
     * AVKLARES). Since session 24 a failed look-up before a send spends no attempt, so an outage of the search no longer
     * runs a letter sent once to AVKLARES; the state is set here as real sends with lost answers leave it. The search
     * fault stays set: the caller's finally clears it.
     */
    private UUID leverTilAvklaring(SimPerson p, boolean iSvarUt) throws Exception {
        put("/sim/admin/faults/svarut/eksternref", "{\"errorRate\":1.0,\"errorStatus\":503}");
        UUID brev = UUID.randomUUID();
        UUID mottakerbrev = ForsendelseBehandler.mottakerbrevId(brev, "e2e-taptsvar-" + brev);
        if (iSvarUt) {
            lagretISvarUt(mottakerbrev, p);
        }
        leverEtterTaptSvarUtSvar(brev, p, 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> tidslinje(brev).contains("AVKLARES"));
        return brev;
    }

    @Test
    void should_send_a_first_attempt_without_looking_the_letter_up_in_svarut_first() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 12);
        krr(p, "AKTIV", "NEI", true);
        // SvarUt's eksternReferanse search is down: a send that looked the letter up first could not go out
        put("/sim/admin/faults/svarut/eksternref", "{\"errorRate\":1.0,\"errorStatus\":503}");
        try {
            UUID brev = lever(p.id(), "FORMELL", false);

            Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
            assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).hasSize(1);
            assertThat(jdbc.queryForObject("select sending_startet is not null from mottakerbrev where id = ?", Boolean.class, m.get("id")))
                    .as("the attempt was recorded before it began").isTrue();
        } finally {
            delete("/sim/admin/faults/svarut/eksternref");
        }
    }

    @Test
    void should_send_each_letter_of_a_batch_exactly_once_with_sends_side_by_side() throws Exception {
        List<UUID> brev = new java.util.ArrayList<>();
        // one transaction, so the flow takes them as one batch and sends them on its parallel senders
        new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(jdbc.getDataSource())).executeWithoutResult(tx -> {
            for (int i = 0; i < 20; i++) {
                SimPerson p = person(Kind.VANLIG_VOKSEN, 20 + i);
                brev.add(lever(p.id(), "FORMELL", false));
            }
        });

        for (UUID b : brev) {
            Map<String, Object> m = enesteMottakerbrev(b, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "SENDT_PRINT", "LEVERT", "LEST", "MANUELL", "STOPPET");
            if (m.get("svarut_id") != null) {
                assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).containsExactly((UUID) m.get("svarut_id"));
            }
        }
        assertThat(brev.stream().map(this::mottakerbrev).flatMap(List::stream).filter(m -> m.get("svarut_id") != null))
                .as("most of 20 ordinary adults get their letter through SvarUt").hasSizeGreaterThan(10);
    }

    @Test
    void should_hand_a_waiting_recipient_letter_to_manual_handling_when_its_recipient_is_no_longer_named() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 45);
        krr(p, "AKTIV", "NEI", true);
        SimPerson annen = person(Kind.VANLIG_VOKSEN, 44);
        UUID tidligere = UUID.randomUUID();
        UUID[] brev = new UUID[1];
        // as after a change of foreldreansvar between two attempts: a waiting recipient letter of a person the new
        // look-ups do not name (a recipient letter is matched by its person, so it must hold another one than p)
        new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(jdbc.getDataSource())).executeWithoutResult(tx -> {
            brev[0] = lever(p.id(), "FORMELL", false);
            jdbc.update("insert into mottakerbrev (id, brev_id, mottaker, kanal, status, forsoek) values (?, ?, ?, 'PRINT', 'KLAR_FOR_SENDING', 1)",
                    tidligere, brev[0], annen.id());
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> status(tidligere).equals("MANUELL"));
        assertThat(jdbc.queryForObject("select manuell_grunn from mottakerbrev where id = ?", String.class, tidligere))
                .isEqualTo(BehandlingRepository.IKKE_LENGER_MOTTAKER);
        assertThat(svarUt.finnForEksternReferanse(kontoId(), tidligere.toString())).isEmpty();
        // the person the look-ups do name gets the letter as usual
        await().atMost(Duration.ofSeconds(30)).until(() -> mottakerbrev(brev[0]).stream()
                .anyMatch(m -> !m.get("id").equals(tidligere) && m.get("svarut_id") != null));
    }

    // Rule 8 with rule 7: a recipient no longer named (e.g. a parent who lost parental responsibility) whose earlier
    // SvarUt attempt lost its answer. SvarUt may hold that letter and post it: the recipient letter went to manual
    // handling at once, so the fagsystem heard "not sent" and a case officer could forward a second copy. The first and
    // third tests failed on that code (MANUELL at once, no look-up); the second is the control.

    @Test
    void should_report_a_letter_svarut_holds_as_sent_not_manual_when_its_recipient_is_no_longer_named_after_a_lost_answer() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 47);
        krr(p, "AKTIV", "NEI", true);
        SimPerson annen = person(Kind.VANLIG_VOKSEN, 51);
        UUID tidligere = UUID.randomUUID();
        UUID iSvarUt = lagretISvarUt(tidligere, annen);

        UUID brev = leverMedIkkeLengerNevntEtterTaptSvar(p, annen, tidligere);

        await().atMost(Duration.ofSeconds(30)).until(() -> !status(tidligere).equals("KLAR_FOR_SENDING"));
        assertThat(status(tidligere)).as("the letter SvarUt holds is sent, not a manual case").isNotEqualTo("MANUELL");
        assertThat(jdbc.queryForObject("select svarut_id from mottakerbrev where id = ?", UUID.class, tidligere)).isEqualTo(iSvarUt);
        assertThat(svarUt.finnForEksternReferanse(kontoId(), tidligere.toString())).containsExactly(iSvarUt);
        assertThat(statusmeldinger(tidligere)).contains("SENDT").doesNotContain("MANUELL");
        assertThat(tidslinjeDetaljer(brev)).anyMatch(d -> d.startsWith("SENDT ") && d.contains("tidligere forsøk") && d.contains("ikke lenger mottaker"));
        // tracked like any sent letter, and the person the look-ups do name gets the letter as usual
        await().atMost(Duration.ofSeconds(30)).until(() -> status(tidligere), s -> !s.equals("SENDT"));
        await().atMost(Duration.ofSeconds(30)).until(() -> mottakerbrev(brev).stream()
                .anyMatch(m -> !m.get("id").equals(tidligere) && m.get("svarut_id") != null));
    }

    @Test
    void should_hand_a_recipient_letter_no_longer_named_to_manual_handling_after_a_lost_answer_when_svarut_does_not_hold_it() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 48);
        krr(p, "AKTIV", "NEI", true);
        SimPerson annen = person(Kind.VANLIG_VOKSEN, 52);
        UUID tidligere = UUID.randomUUID();

        UUID brev = leverMedIkkeLengerNevntEtterTaptSvar(p, annen, tidligere);

        await().atMost(Duration.ofSeconds(30)).until(() -> status(tidligere).equals("MANUELL"));
        assertThat(jdbc.queryForObject("select manuell_grunn from mottakerbrev where id = ?", String.class, tidligere))
                .isEqualTo(BehandlingRepository.IKKE_LENGER_MOTTAKER);
        assertThat(svarUt.finnForEksternReferanse(kontoId(), tidligere.toString())).isEmpty();
        assertThat(jdbc.queryForList("select melding from statusutboks where mottakerbrev_id = ? and status = 'MANUELL'", String.class, tidligere))
                .singleElement().asString().contains("\"aarsak\":\"IKKE-LENGER-MOTTAKER\"");
        assertThat(tidslinjeDetaljer(brev)).anyMatch(d -> d.startsWith("MANUELL ") && d.contains("ikke hos SvarUt"));
    }

    @Test
    void should_keep_a_recipient_letter_no_longer_named_waiting_without_a_spent_attempt_while_svarut_cannot_say_whether_an_attempt_with_a_lost_answer_arrived()
            throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 49);
        krr(p, "AKTIV", "NEI", true);
        SimPerson annen = person(Kind.VANLIG_VOKSEN, 53);
        UUID tidligere = UUID.randomUUID();
        UUID iSvarUt = lagretISvarUt(tidligere, annen);
        UUID brev;
        put("/sim/admin/faults/svarut/eksternref", "{\"errorRate\":1.0,\"errorStatus\":503}");
        try {
            brev = leverMedIkkeLengerNevntEtterTaptSvar(p, annen, tidligere);

            // the look-up fails, pass after pass: no manual case and no status message yet; it waits with the flow for
            // another look-up, none of its attempts spent (no AVKLARES, no dead letter)
            venterPaaMislyktedeOppslag(brev, tidligere);
            assertThat(status(tidligere)).isEqualTo("KLAR_FOR_SENDING");
            assertThat(statusmeldinger(tidligere)).isEmpty();
        } finally {
            delete("/sim/admin/faults/svarut/eksternref");
        }

        // SvarUt answers again and holds the letter: sent by the earlier attempt, never a manual case
        await().atMost(Duration.ofSeconds(30)).until(() -> !status(tidligere).equals("KLAR_FOR_SENDING"));
        assertThat(jdbc.queryForObject("select svarut_id from mottakerbrev where id = ?", UUID.class, tidligere)).isEqualTo(iSvarUt);
        assertThat(statusmeldinger(tidligere)).doesNotContain("MANUELL", "DEAD_LETTER");
        assertThat(svarUt.finnForEksternReferanse(kontoId(), tidligere.toString())).containsExactly(iSvarUt);
        assertThat(tidslinje(brev)).doesNotContain("DEAD_LETTER");
    }

    // DOMAIN.md rules 3 and 8: a service message whose SMS/e-mail attempt lost its answer (forsoek_gateway VARSEL) may have
    // reached the person, and neither gateway can be asked. Handed to manual handling because its recipient is no longer
    // named, or because no gateway is set up for its channels now, its reason said "not sent" only (IKKE_LENGER_MOTTAKER,
    // "ingen gateway satt opp"): the UKJENT rows failed on the old code. Without an unknown outcome the reason is as before.
    // case | forsoek_gateway | forsoek_varselkanal | the reason names: GRUNN (as before) or the channel whose outcome is unknown
    @ParameterizedTest(name = "{0}, guard {1} {2} -> {3}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', nullValues = "", value = {
            "IKKE_LENGER_MOTTAKER |        |       | GRUNN",
            "IKKE_LENGER_MOTTAKER |        | SMS   | GRUNN",
            "IKKE_LENGER_MOTTAKER | VARSEL | SMS   | SMS",
            "IKKE_LENGER_MOTTAKER | VARSEL | EPOST | e-post",
            "IKKE_LENGER_MOTTAKER | VARSEL |       | SMS/e-post",
            "INGEN_GATEWAY        |        |       | GRUNN",
            "INGEN_GATEWAY        |        | EPOST | GRUNN",
            "INGEN_GATEWAY        | VARSEL | SMS   | SMS",
            "INGEN_GATEWAY        | VARSEL | EPOST | e-post",
    })
    void should_say_the_outcome_is_unknown_when_a_service_message_that_may_have_arrived_goes_to_manual_handling(
            String tilfelle, String gateway, String varselkanal, String forventet) {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 142);
        // held by a pass (BEHANDLES, claimed now), so the flow leaves it to the test
        UUID brev = UUID.randomUUID();
        UUID rad = UUID.randomUUID();
        jdbc.update("""
                insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type, kanal_inn, status)
                values (?, 'skole', ?, 'Vannet stenges', 'TJENESTEMELDING', false, ?, 'PERSON', 'REST', 'BEHANDLES')""", brev, "e2e-ukjent-" + brev, p.id());
        jdbc.update("""
                insert into mottakerbrev (id, brev_id, mottaker, kanal, regel, status, forsoek, sending_startet, forsoek_gateway, forsoek_varselkanal)
                values (?, ?, ?, ?, ?, 'KLAR_FOR_SENDING', 1, now(), ?, ?)""", rad, brev, p.id(),
                tilfelle.equals("INGEN_GATEWAY") ? "DIGITAL" : "VARSEL_SMS_EPOST", tilfelle.equals("INGEN_GATEWAY") ? "R2-DIGITAL" : "R3-VARSEL",
                gateway, varselkanal);

        String gammel;
        if (tilfelle.equals("IKKE_LENGER_MOTTAKER")) {
            // the pass's decisions name nobody this recipient letter belongs to
            behandlingRepository.registrerBeslutninger(List.of(new BehandlingRepository.Brevbeslutninger(brev, null, List.of())), "test");
            gammel = BehandlingRepository.IKKE_LENGER_MOTTAKER;
        } else {
            // the pass decides SMS/e-mail, but no gateway is set up for it now (a restart without the one that made the attempt)
            no.kommune.esb.model.Identitetsnummer id = no.kommune.esb.model.Identitetsnummer.of(p.id());
            behandlingRepository.registrerBeslutning(brev, rad, null, new no.kommune.esb.forsendelse.Mottakerbeslutning("e2e", id, id, null,
                    no.kommune.esb.forsendelse.Mottakerrolle.MOTTAKER, no.kommune.esb.forsendelse.Kanal.VARSEL_SMS_EPOST,
                    no.kommune.esb.forsendelse.Regel.R3_VARSEL, null, false, java.util.Set.of(no.kommune.esb.forsendelse.Varslingskanal.SMS),
                    null, false, null, null), "{}", false, null);
            gammel = "Varsel på [SMS] er tillatt, men plattformen har ingen gateway satt opp for den kanalen";
        }

        assertThat(status(rad)).isEqualTo("MANUELL");
        String grunn = jdbc.queryForObject("select manuell_grunn from mottakerbrev where id = ?", String.class, rad);
        if (forventet.equals("GRUNN")) {
            assertThat(grunn).isEqualTo(gammel);
        } else {
            assertThat(grunn).startsWith("Et tidligere forsøk på " + forventet + " har ukjent utfall").contains("kan ha kommet fram")
                    .contains(tilfelle.equals("IKKE_LENGER_MOTTAKER") ? "ikke lenger mottaker" : "ingen gateway satt opp");
            // what the fagsystem is told carries the same reason
            assertThat(jdbc.queryForList("select melding from statusutboks where mottakerbrev_id = ?", String.class, rad))
                    .singleElement().asString().contains("ukjent utfall");
        }
        if (tilfelle.equals("IKKE_LENGER_MOTTAKER")) {
            assertThat(tidslinjeDetaljer(brev)).contains("MANUELL " + grunn);
        }
    }

    /**
     * A letter to {@code p} with a waiting recipient letter {@code tidligere} of {@code annen}, a person the look-ups do
     * not name (as after a change of foreldreansvar), whose PRINT attempt through SvarUt lost its answer (sending_startet
     * and forsoek_gateway SVARUT kept, one attempt spent); one transaction, so the flow sees both at once.
     */
    private UUID leverMedIkkeLengerNevntEtterTaptSvar(SimPerson p, SimPerson annen, UUID tidligere) {
        UUID[] brev = new UUID[1];
        new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(jdbc.getDataSource())).executeWithoutResult(tx -> {
            brev[0] = lever(p.id(), "FORMELL", false);
            jdbc.update("""
                    insert into mottakerbrev (id, brev_id, mottaker, kanal, regel, status, forsoek, sending_startet, forsoek_gateway)
                    values (?, ?, ?, 'PRINT', 'R2-PRINT-RESERVERT', 'KLAR_FOR_SENDING', 1, now(), 'SVARUT')""", tidligere, brev[0], annen.id());
        });
        return brev[0];
    }

    @Test
    void should_count_decisions_and_sends_and_show_waiting_states_on_the_metrics_endpoint() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 46);
        krr(p, "AKTIV", "NEI", true);
        double sendtFoer = no.kommune.esb.Prometheus.verdi(port, "esb_forsendelse_sendinger_total", "gateway=\"svarut\"", "utfall=\"sendt\"");
        double digitalFoer = no.kommune.esb.Prometheus.verdi(port, "esb_forsendelse_beslutninger_total", "kanal=\"DIGITAL\"");

        UUID brev = lever(p.id(), "FORMELL", false);
        enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");

        assertThat(no.kommune.esb.Prometheus.verdi(port, "esb_forsendelse_sendinger_total", "gateway=\"svarut\"", "utfall=\"sendt\""))
                .isGreaterThanOrEqualTo(sendtFoer + 1);
        assertThat(no.kommune.esb.Prometheus.verdi(port, "esb_forsendelse_beslutninger_total", "kanal=\"DIGITAL\""))
                .isGreaterThanOrEqualTo(digitalFoer + 1);
        String alt = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(alt).contains("esb_forsendelse_mottakerbrev{").contains("status=\"MANUELL\"").doesNotContain(p.id());
    }

    @Test
    void should_follow_the_new_krr_state_when_it_changes_between_two_dispatches() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 3);
        krr(p, "AKTIV", "NEI", true);
        UUID first = lever(p.id(), "FORMELL", false);
        assertThat(enesteMottakerbrev(first, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST").get("kanal")).isEqualTo("DIGITAL");

        krr(p, "AKTIV", "JA", false);
        UUID second = lever(p.id(), "FORMELL", false);

        assertThat(enesteMottakerbrev(second, "SENDT", "AKSEPTERT", "SENDT_PRINT", "LEVERT").get("kanal")).isEqualTo("PRINT");
    }

    @Test
    void should_send_a_letter_about_a_child_with_joint_responsibility_to_each_parent() throws Exception {
        SimPerson barn = barnMedVanligeForeldre(0);
        krr(population.person(barn.motherIndex()), "AKTIV", "NEI", true);
        krr(population.person(barn.fatherIndex()), "AKTIV", "JA", false);

        UUID brev = lever(barn.id(), "FORMELL", true);

        await().atMost(Duration.ofSeconds(30)).until(() -> mottakerbrev(brev).size() == 2
                && mottakerbrev(brev).stream().allMatch(r -> !"KLAR_FOR_SENDING".equals(r.get("status"))));
        List<Map<String, Object>> rader = mottakerbrev(brev);
        assertThat(rader).extracting(r -> r.get("mottaker")).containsExactlyInAnyOrder(
                population.person(barn.motherIndex()).id(), population.person(barn.fatherIndex()).id());
        assertThat(rader).extracting(r -> r.get("kanal")).containsExactlyInAnyOrder("DIGITAL", "PRINT");
        // each parent's letter has its own eksternReferanse (the exactly-once key); both carry the fagsystem's reference
        String ref = jdbc.queryForObject("select ekstern_referanse from brev where id = ?", String.class, brev);
        assertThat(rader).extracting(r -> sendtTilSvarUt(r).path("eksternReferanse").asText())
                .containsExactlyInAnyOrder(rader.get(0).get("id").toString(), rader.get(1).get("id").toString());
        assertThat(rader).extracting(r -> sendtTilSvarUt(r).path("korrelasjonsid").asText()).containsExactly(ref, ref);
    }

    @Test
    void should_send_each_parent_exactly_one_svarut_letter_when_the_recipients_labels_change_between_two_passes() throws Exception {
        SimPerson barn = barnMedVanligeForeldre(7);
        List<SimPerson> foreldre = new ArrayList<>(List.of(population.person(barn.motherIndex()), population.person(barn.fatherIndex())));
        foreldre.sort(java.util.Comparator.comparing(SimPerson::id));
        for (SimPerson f : foreldre) {
            krr(f, "AKTIV", "NEI", true);
        }
        SimPerson betjent = foreldre.get(0);
        SimPerson venter = foreldre.get(1);
        UUID[] brev = new UUID[1];
        String[] ref = new String[1];
        UUID[] id = new UUID[2];
        // the state pass 1 leaves when the child's familierelasjon was not yet registered (scenario B of the defect):
        // both parents FORELDER, numbered by identity number; SvarUt took the first parent's letter, and refused the
        // second's with a 429, which now waits for another attempt. The register names MOR and FAR from now on.
        new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(jdbc.getDataSource())).executeWithoutResult(tx -> {
            brev[0] = lever(barn.id(), "FORMELL", true);
            ref[0] = jdbc.queryForObject("select ekstern_referanse from brev where id = ?", String.class, brev[0]);
            id[0] = ForsendelseBehandler.mottakerbrevId(brev[0], ref[0] + "-FORELDER-1");
            id[1] = ForsendelseBehandler.mottakerbrevId(brev[0], ref[0] + "-FORELDER-2");
            com.fasterxml.jackson.databind.node.ObjectNode f = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                    .put("tittel", "Vedtak om skoleskyss").put("eksternReferanse", id[0].toString()).put("korrelasjonsid", ref[0])
                    .put("avgivendeSystem", "skole").put("kunDigitalLevering", false);
            f.putObject("mottaker").put("navn", "Forelder").put("digitalId", betjent.id());
            UUID svarUtId = svarUt.lagre(kontoId(), f, List.of()).id();
            jdbc.update("""
                    insert into mottakerbrev (id, brev_id, mottaker, kanal, regel, status, svarut_id, svarut_status, sending_startet, forsoek_gateway)
                    values (?, ?, ?, 'DIGITAL', 'R2-DIGITAL', 'SENDT', ?, 'MOTTATT', now(), 'SVARUT')""", id[0], brev[0], betjent.id(), svarUtId);
            jdbc.update("""
                    insert into mottakerbrev (id, brev_id, mottaker, kanal, regel, status, forsoek, neste_forsoek, sending_startet, forsoek_gateway)
                    values (?, ?, ?, 'DIGITAL', 'R2-DIGITAL', 'KLAR_FOR_SENDING', 1, now(), now(), 'SVARUT')""", id[1], brev[0], venter.id());
            jdbc.update("update brev set status = 'VENTER' where id = ?", brev[0]);
        });

        // pass 2 names the parents MOR and FAR: each must land on the recipient letter of its own person, so the parent
        // already served gets nothing more and the waiting one gets its letter once (looked up first: it was attempted)
        await().atMost(Duration.ofSeconds(30)).until(() -> !"KLAR_FOR_SENDING".equals(status(id[1])));
        await().atMost(Duration.ofSeconds(30)).until(() -> mottakerbrev(brev[0]).stream().noneMatch(m -> "KLAR_FOR_SENDING".equals(m.get("status"))));
        // counted per parent by the digitalId SvarUt got, named by role so a failure message shows no identity number
        Map<String, String> hvem = Map.of(betjent.id(), "served in pass 1", venter.id(), "waiting after pass 1");
        Map<String, Long> perForelder = new java.util.HashMap<>();
        svarUt.alle().stream().map(x -> x.forsendelse()).filter(x -> ref[0].equals(x.path("korrelasjonsid").asText()))
                .forEach(x -> perForelder.merge(hvem.getOrDefault(x.path("mottaker").path("digitalId").asText(), "someone else"), 1L, Long::sum));
        assertThat(perForelder).as("SvarUt forsendelser per parent; the recipient letters (status, reason): %s",
                        jdbc.queryForList("select status, manuell_grunn from mottakerbrev where brev_id = ?", brev[0]))
                .containsOnly(Map.entry("served in pass 1", 1L), Map.entry("waiting after pass 1", 1L));
        assertThat(mottakerbrev(brev[0])).as("no recipient letter of its own for a new label").extracting(m -> (UUID) m.get("id"))
                .containsExactlyInAnyOrder(id[0], id[1]);
        assertThat(svarUt.finnForEksternReferanse(kontoId(), id[1].toString())).hasSize(1);
    }

    @Test
    void should_publish_status_changes_on_the_sender_systems_configured_channel() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 4);
        krr(p, "AKTIV", "NEI", true);
        // barnevern hears about its letters on an Artemis queue (application-test.yaml), the others on Kafka
        UUID brev = lever(p.id(), "FORMELL", false, "barnevern");

        Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
        jms.setReceiveTimeout(30_000);
        jakarta.jms.Message melding = jms.receiveSelected("fagsystem.barnevern.forsendelsesstatus", null);
        assertThat(melding).isInstanceOf(jakarta.jms.TextMessage.class);
        String json = ((jakarta.jms.TextMessage) melding).getText();
        assertThat(json).contains("\"avsenderSystem\":\"barnevern\"").contains("\"status\"").doesNotContain(p.id());
        assertThat(m.get("status")).isNotNull();
    }

    @Test
    void should_send_one_svarut_letter_when_a_fagsystem_hands_the_same_letter_in_twice() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 10);
        krr(p, "AKTIV", "NEI", true);
        String ref = "to-ganger-" + UUID.randomUUID();

        HttpResponse<String> foerste = innleverRest(ref, p.id());
        HttpResponse<String> andre = innleverRest(ref, p.id());

        assertThat(foerste.statusCode()).isEqualTo(202);
        assertThat(andre.statusCode()).isEqualTo(200);
        UUID brev = UUID.fromString(new com.fasterxml.jackson.databind.ObjectMapper().readTree(foerste.body()).path("id").asText());
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(andre.body()).path("id").asText()).isEqualTo(brev.toString());
        Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
        assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).hasSize(1);
    }

    @Test
    void should_send_a_letter_whose_reference_has_the_100_characters_the_intake_allows() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 14);
        krr(p, "AKTIV", "NEI", true);
        String ref = ("lang-" + UUID.randomUUID() + "-").repeat(3).substring(0, 100);

        HttpResponse<String> svar = innleverRest(ref, p.id());

        // before, the intake took 100 characters and the flow's Brev only 90: the letter was taken and never sent
        assertThat(svar.statusCode()).as(svar.body()).isEqualTo(202);
        UUID brev = UUID.fromString(new com.fasterxml.jackson.databind.ObjectMapper().readTree(svar.body()).path("id").asText());
        Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
        // SvarUt's eksternReferanse (at most 100) is the recipient-letter id, not the fagsystem's reference
        assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).hasSize(1);
        // the fagsystem finds its letter in SvarUt by its own reference, which travels whole as korrelasjonsid
        assertThat(sendtTilSvarUt(m).path("korrelasjonsid").asText()).isEqualTo(ref);
    }

    @Test
    void should_dead_letter_an_unreadable_letter_once_and_send_the_rest_of_its_batch_when_a_stored_value_breaks_an_invariant(
            CapturedOutput output) throws Exception {
        List<UUID> gode = new ArrayList<>();
        UUID ulesbart = UUID.randomUUID();
        String forLang = ("ulesbar-" + ulesbart + "-").repeat(3).substring(0, 101);
        // one transaction, so the unreadable row is claimed in the same batch as the good ones
        new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(jdbc.getDataSource())).executeWithoutResult(tx -> {
            gode.add(lever(person(Kind.VANLIG_VOKSEN, 60).id(), "FORMELL", false));
            // a value Brev's invariant rejects (eksternReferanse over 100 characters), as a 91–100 one was until the limit moved
            jdbc.update("""
                    insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type, kanal_inn, status)
                    values (?, 'skole', ?, 'Vedtak', 'FORMELL', false, ?, 'PERSON', 'REST', 'MOTTATT')""",
                    ulesbart, forLang, person(Kind.VANLIG_VOKSEN, 61).id());
            jdbc.update("insert into tidslinje (brev_id, hendelse, detalj) values (?, 'MOTTATT', 'REST')", ulesbart);
            gode.add(lever(person(Kind.VANLIG_VOKSEN, 62).id(), "FORMELL", false));
        });

        for (UUID b : gode) {
            Map<String, Object> m = enesteMottakerbrev(b, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "SENDT_PRINT", "LEVERT", "LEST", "MANUELL", "STOPPET");
            if (m.get("svarut_id") != null) {
                assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).containsExactly((UUID) m.get("svarut_id"));
            }
        }
        Map<String, Object> dod = enesteMottakerbrev(ulesbart, "DEAD_LETTER");
        assertThat(dod.get("manuell_grunn")).isEqualTo("Brev: eksternReferanse is longer than 100 characters");
        // claimed once: every claim that failed before left the row as it was and logged an ERROR, tick after tick
        assertThat(tidslinje(ulesbart)).containsExactly("MOTTATT", "DEAD_LETTER");
        assertThat(jdbc.queryForObject("select status from brev where id = ?", String.class, ulesbart)).isEqualTo("BEHANDLET");
        assertThat(jdbc.queryForList("select grunn from dead_letter where kilde = 'forsendelse-lasting' and referanse = ?", String.class,
                dod.get("id").toString())).containsExactly("Brev: eksternReferanse is longer than 100 characters");
        List<String> meldinger = jdbc.queryForList("select melding from statusutboks where mottakerbrev_id = ?", String.class, dod.get("id"));
        assertThat(meldinger).hasSize(1);
        JsonNode melding = new com.fasterxml.jackson.databind.ObjectMapper().readTree(meldinger.get(0));
        assertThat(melding.path("status").asText()).isEqualTo("DEAD_LETTER");
        assertThat(melding.path("aarsak").asText()).isEqualTo("UGYLDIG-BREV");
        assertThat(output.getAll().lines().filter(l -> l.contains(ulesbart.toString()))).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("cannot be read").doesNotContain(forLang));
    }

    /**
     * A letter that cannot be read takes the recipient letters an earlier pass left waiting with it to DEAD_LETTER; each
     * such change is told to the fagsystem at once, once (DEAD_LETTER with UGYLDIG-BREV and the reason), with a timeline
     * row. Before, only the ULASTBAR recipient letter was told: the waiting ones changed silently, and the fagsystem
     * heard of them only when the dead letter was closed (AVSLUTTET after no DEAD_LETTER).
     */
    @Test
    void should_tell_the_fagsystem_once_of_each_waiting_recipient_letter_an_unreadable_letter_takes_to_dead_letter() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 144);
        UUID brev = UUID.randomUUID();
        UUID ventende = UUID.randomUUID();
        // a stored type this version cannot read, and a recipient letter an earlier pass left waiting for another attempt
        jdbc.update("""
                insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type, kanal_inn, status)
                values (?, 'skole', ?, 'Vedtak om skoleskyss', 'UKJENT_BREVTYPE', false, ?, 'PERSON', 'REST', 'VENTER')""",
                brev, "e2e-ulesbar-ventende-" + brev, p.id());
        jdbc.update("""
                insert into mottakerbrev (id, brev_id, mottaker, kanal, status, forsoek, neste_forsoek)
                values (?, ?, ?, 'DIGITAL', 'KLAR_FOR_SENDING', 1, now())""", ventende, brev, p.id());

        await().atMost(Duration.ofSeconds(30)).until(() -> "BEHANDLET".equals(
                jdbc.queryForObject("select status from brev where id = ?", String.class, brev)));

        assertThat(status(ventende)).isEqualTo("DEAD_LETTER");
        List<String> meldinger = jdbc.queryForList("select melding from statusutboks where mottakerbrev_id = ?", String.class, ventende);
        assertThat(meldinger).as("the fagsystem hears the waiting recipient letter's change").hasSize(1);
        JsonNode melding = new com.fasterxml.jackson.databind.ObjectMapper().readTree(meldinger.get(0));
        assertThat(melding.path("status").asText()).isEqualTo("DEAD_LETTER");
        assertThat(melding.path("aarsak").asText()).isEqualTo("UGYLDIG-BREV");
        assertThat(melding.path("grunn").asText()).isEqualTo("brevtype is not a known Brevtype");
        assertThat(melding.toString()).doesNotContain(p.id());
        assertThat(jdbc.queryForList("select detalj from tidslinje where mottakerbrev_id = ? and hendelse = 'DEAD_LETTER'", String.class, ventende))
                .containsExactly("brevet kan ikke leses: brevtype is not a known Brevtype");
    }

    @Test
    void should_dead_letter_a_letter_whose_decision_step_fails_once_and_send_the_rest_of_its_batch_when_a_stored_attempt_is_unknown(
            CapturedOutput output) throws Exception {
        List<UUID> gode = new ArrayList<>();
        UUID[] giftig = new UUID[1];
        UUID[] iSvarUt = new UUID[1];
        SimPerson p = person(Kind.VANLIG_VOKSEN, 63);
        SimPerson annen = person(Kind.VANLIG_VOKSEN, 143);
        krr(p, "AKTIV", "NEI", true);
        // one transaction, so the letter that loads but cannot be decided is claimed in the same batch as the good ones
        new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(jdbc.getDataSource())).executeWithoutResult(tx -> {
            gode.add(lever(person(Kind.VANLIG_VOKSEN, 64).id(), "FORMELL", false));
            giftig[0] = lever(p.id(), "FORMELL", false);
            String ref = jdbc.queryForObject("select ekstern_referanse from brev where id = ?", String.class, giftig[0]);
            // an earlier attempt through a gateway this version does not know (e.g. written by a newer version before a rollback)
            jdbc.update("""
                    insert into mottakerbrev (id, brev_id, mottaker, kanal, status, forsoek, forsoek_gateway)
                    values (?, ?, ?, 'DIGITAL', 'KLAR_FOR_SENDING', 1, 'FAX')""",
                    ForsendelseBehandler.mottakerbrevId(giftig[0], ref), giftig[0], p.id());
            // and a SvarUt attempt whose answer was lost, for a person the look-ups no longer name: SvarUt may hold it
            iSvarUt[0] = UUID.randomUUID();
            jdbc.update("""
                    insert into mottakerbrev (id, brev_id, mottaker, kanal, regel, status, forsoek, sending_startet, forsoek_gateway)
                    values (?, ?, ?, 'PRINT', 'R2-PRINT-RESERVERT', 'KLAR_FOR_SENDING', 1, now(), 'SVARUT')""", iSvarUt[0], giftig[0], annen.id());
            gode.add(lever(person(Kind.VANLIG_VOKSEN, 65).id(), "FORMELL", false));
        });

        for (UUID b : gode) {
            Map<String, Object> m = enesteMottakerbrev(b, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "SENDT_PRINT", "LEVERT", "LEST", "MANUELL", "STOPPET");
            if (m.get("svarut_id") != null) {
                assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).containsExactly((UUID) m.get("svarut_id"));
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "BEHANDLET".equals(jdbc.queryForObject("select status from brev where id = ?", String.class, giftig[0])));
        // the kind, the component and the error id of the WARN line that names where it was thrown (platform.Feilaarsak,
        // since session 32; before, "…: ugyldige data" with nothing to find the cause by)
        UUID dod = ForsendelseBehandler.mottakerbrevId(giftig[0], BehandlingRepository.ULASTBAR_REFERANSE);
        String grunn = jdbc.queryForObject("select grunn from dead_letter where kilde = 'forsendelse-lasting' and referanse = ?", String.class,
                dod.toString());
        assertThat(grunn).matches("kan ikke behandles i steget beslutning: ugyldige data \\(brevflyten, feil-id [0-9a-f]{8}\\)");
        String feilId = grunn.replaceAll(".*feil-id ([0-9a-f]{8}).*", "$1");
        assertThat(output.getAll().lines().filter(l -> l.contains("Feil-id " + feilId))).singleElement().asString()
                .contains("WARN", "IllegalArgumentException").doesNotContain(p.id());
        // the recipient letters of the earlier attempts go with it, so no claim takes the letter again; each of those
        // attempts may have arrived (their outcome is unknown), so they go to a person, never "failed" on a guess (a
        // DEAD_LETTER before, as the letter's own: this failed on the old code)
        String ukjent = BehandlingRepository.ulastbarEtterMuligSending(grunn);
        assertThat(jdbc.queryForList("select status || ' ' || manuell_grunn from mottakerbrev where brev_id = ? and id <> ?", String.class,
                giftig[0], dod)).hasSize(2).allSatisfy(m -> assertThat(m).isEqualTo("MANUELL " + ukjent));
        assertThat(ukjent).contains(grunn).contains("ukjent utfall").contains("eksternReferanse");
        assertThat(status(dod)).isEqualTo("DEAD_LETTER");
        assertThat(jdbc.queryForList("select melding from statusutboks where mottakerbrev_id = ?", String.class, iSvarUt[0]))
                .singleElement().asString().contains("\"status\":\"MANUELL\"").contains("ukjent utfall");
        assertThat(jdbc.queryForList("select svarut_id from mottakerbrev where brev_id = ? and svarut_id is not null", UUID.class, giftig[0])).isEmpty();
        // decided once: before, the batch failed as a register outage and was claimed again after every wait; its
        // OPPSLAG row is recorded with its decisions, which could not be recorded, so the look-up leaves no row
        assertThat(tidslinje(giftig[0])).containsExactly("MOTTATT", "MANUELL", "MANUELL", "DEAD_LETTER");
        assertThat(jdbc.queryForList("select grunn from dead_letter where kilde = 'forsendelse-lasting' and referanse = ?", String.class,
                dod.toString())).containsExactly(grunn);
        // what the sender and the integration team read names the failure kind, not the Java class
        assertThat(forsendelseRepository.hent(giftig[0]).orElseThrow().mottakerbrev())
                .extracting(ForsendelseRepository.MottakerbrevInfo::manuellGrunn)
                .containsOnly(grunn, ukjent);
        List<String> meldinger = jdbc.queryForList("select melding from statusutboks where mottakerbrev_id = ?", String.class, dod);
        assertThat(meldinger).hasSize(1);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(meldinger.get(0)).path("aarsak").asText()).isEqualTo("UGYLDIG-BREV");
        assertThat(output.getAll().lines().filter(l -> l.contains(giftig[0].toString()))).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains(grunn).doesNotContain(p.id()));
        assertThat(output.getAll()).doesNotContain("forsendelse-behandling waits on intern");
    }

    @Test
    void should_keep_a_dead_letter_ended_and_tell_the_fagsystem_once_when_its_batch_is_set_back_to_waiting_after_a_failure() {
        // claimed a moment ago, as a pass holds it (the take-over after gjenoppta-etter is a minute away in the test profile)
        UUID brev = UUID.randomUUID();
        jdbc.update("""
                insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type, kanal_inn, status, endret_tid)
                values (?, 'skole', ?, 'Vedtak', 'FORMELL', false, '974760673', 'ORGANISASJON', 'REST', 'BEHANDLES', now())""",
                brev, "e2e-dod-venter-" + brev);
        jdbc.update("insert into tidslinje (brev_id, hendelse, detalj) values (?, 'MOTTATT', 'REST')", brev);
        String grunn = "kan ikke behandles i steget beslutning: ugyldige data";
        // no claim token stored, as the letter above (the pass's token is null too)
        assertThat(behandlingRepository.ubehandlbart(brev, null, grunn)).isTrue();

        // the pass's batch then fails as a whole, and a caller hands over the whole batch: the dead letter must not wait,
        // or a later pass claims it and dead-letters it again (a second dead_letter row and status message)
        behandlingRepository.venterAlle(List.of(new BehandlingRepository.Brevrad(brev, no.kommune.esb.forsendelse.Brev.tilVirksomhet("skole",
                "e2e-dod-venter-" + brev, "Vedtak", no.kommune.esb.forsendelse.Organisasjonsnummer.of("974760673"), "Eksempel AS",
                no.kommune.esb.forsendelse.Brevtype.FORMELL), null)), no.kommune.esb.platform.Aarsak.tekst("Folkeregisteret UTILGJENGELIG (test)"), Instant.now());

        assertThat(jdbc.queryForObject("select status from brev where id = ?", String.class, brev)).isEqualTo("BEHANDLET");
        assertThat(tidslinje(brev)).containsExactly("MOTTATT", "DEAD_LETTER");
        UUID dod = ForsendelseBehandler.mottakerbrevId(brev, BehandlingRepository.ULASTBAR_REFERANSE);
        assertThat(jdbc.queryForList("select grunn from dead_letter where referanse = ?", String.class, dod.toString())).containsExactly(grunn);
        assertThat(jdbc.queryForList("select melding from statusutboks where mottakerbrev_id = ?", String.class, dod)).hasSize(1);
    }

    @Test
    void should_hand_a_letter_to_manual_handling_when_the_residence_is_unknown_and_digital_is_not_allowed() throws Exception {
        SimPerson p = person(Kind.UKJENT_BOSTED, 0);
        krr(p, "AKTIV", "JA", false);

        UUID brev = lever(p.id(), "FORMELL", false);

        // rule 4: unknown residence → manual handling, never a guess
        Map<String, Object> m = enesteMottakerbrev(brev, "MANUELL");
        assertThat(m.get("kanal")).isEqualTo("MANUELL");
        assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).isEmpty();
    }

    @Test
    void should_print_to_a_confidential_address_but_mark_it_not_to_be_disclosed_onwards() throws Exception {
        SimPerson p = person(Kind.FORTROLIG, 0);
        krr(p, "AKTIV", "JA", false);

        UUID brev = lever(p.id(), "FORMELL", false);

        // rule 5: a fortrolig address may be used to send, the evidence says it must not be passed on
        Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "SENDT_PRINT", "LEVERT");
        assertThat(m.get("kanal")).isEqualTo("PRINT");
        assertThat(m.get("grunnlag").toString()).contains("\"ikkeVidereformidle\": true").contains("FORTROLIG");
        assertThat(sendtTilSvarUt(m).path("mottaker").path("postnummer").asText()).matches("\\d{4}");
    }

    @Test
    void should_leave_one_oppslag_row_per_letter_when_a_pass_fails_while_recording_its_decisions_and_is_retried() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 67);
        krr(p, "AKTIV", "NEI", true);
        // the first insert of this person's recipient letter fails as the database does under a serialisation conflict
        // (a transient failure: the batch waits as a whole and is taken again); the sequence is not rolled back with it
        jdbc.execute("create sequence oppslag_feil_teller");
        jdbc.execute("""
                create function oppslag_feil() returns trigger language plpgsql as $$
                begin
                  if new.mottaker = '%s' and nextval('oppslag_feil_teller') = 1 then
                    raise exception 'serialisation conflict (test)' using errcode = '40001';
                  end if;
                  return new;
                end $$""".formatted(p.id()));
        jdbc.execute("create trigger oppslag_feil before insert on mottakerbrev for each row execute function oppslag_feil()");
        UUID brev;
        try {
            brev = lever(p.id(), "FORMELL", false);
            Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
            assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).hasSize(1);
        } finally {
            jdbc.execute("drop trigger oppslag_feil on mottakerbrev");
            jdbc.execute("drop function oppslag_feil()");
            jdbc.execute("drop sequence oppslag_feil_teller");
        }
        // the failed pass's look-ups were rolled back with its decisions; the retried pass recorded its own once
        assertThat(tidslinje(brev)).startsWith("MOTTATT", "VENTER", "OPPSLAG", "BESLUTTET", "SENDT");
        assertThat(tidslinje(brev).stream().filter("OPPSLAG"::equals).count()).isOne();
    }

    @Test
    void should_wait_between_attempts_while_krr_is_down_and_send_once_it_is_back() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 11);
        krr(p, "AKTIV", "NEI", true);
        put("/sim/admin/faults/krr/*", "{\"errorRate\":1.0,\"errorStatus\":503}");
        UUID brev;
        try {
            brev = lever(p.id(), "FORMELL", false);
            await().atMost(Duration.ofSeconds(30)).until(() -> tidslinje(brev).contains("VENTER"));
            // the window proves absence of a busy loop (hundreds of passes a second); 1.5 s holds a few backoff waits
            Thread.sleep(1500);
        } finally {
            delete("/sim/admin/faults/krr/*");
        }
        // test profile: 0.5 s wait after a failed look-up, a 0.3 s timer: about 3-5 attempts in those 1.5 s; a letter
        // retried without waiting would be taken hundreds of times
        assertThat(tidslinje(brev).stream().filter("VENTER"::equals).count()).isBetween(1L, 20L);
        Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
        assertThat(m.get("kanal")).isEqualTo("DIGITAL");
    }

    /**
     * SvarUt refusing the platform's credentials on a send (401): before session 22 every letter of the pass became a
     * dead letter at once (UNAUTHORIZED is not retryable). Now the letter waits without an attempt counted, as for a
     * register outage, and is sent once when SvarUt takes letters again.
     */
    @Test
    void should_wait_without_spending_attempts_while_svarut_refuses_the_platform_and_send_once_it_accepts_again() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 13);
        krr(p, "AKTIV", "NEI", true);
        put("/sim/admin/faults/svarut/*", "{\"errorRate\":1.0,\"errorStatus\":401}");
        UUID brev;
        try {
            brev = lever(p.id(), "FORMELL", false);
            await().atMost(Duration.ofSeconds(30)).until(() -> tidslinje(brev).contains("VENTER"));
            Thread.sleep(2000);
            assertThat(tidslinje(brev)).doesNotContain("DEAD_LETTER");
            assertThat(jdbc.queryForObject("select max(forsoek) from mottakerbrev where brev_id = ?", Integer.class, brev))
                    .as("no attempt spent on the platform's own set-up").isZero();
        } finally {
            delete("/sim/admin/faults/svarut/*");
        }
        Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
        assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).hasSize(1);
    }

    /**
     * Issue #18: a register outage at the token step put letters whose recipient letter was due for another attempt in a
     * busy loop (claimed again at once, ~24,000 warnings in minutes). Maskinporten, Folkeregisteret or KRR down for
     * {@link #UTFALL}: the flow waits by its backoff, warns once, and sends every letter once when the register is back.
     */
    @ParameterizedTest(name = "{0} down")
    @ValueSource(strings = {"maskinporten", "folkeregisteret", "krr"})
    void should_wait_by_the_backoff_while_a_register_is_down_warn_once_and_send_each_waiting_letter_once_it_is_back(String register,
                                                                                                                  CapturedOutput output) throws Exception {
        String flyt = "flyt=\"forsendelse-behandling\"";
        double feilFoer = no.kommune.esb.Prometheus.verdi(port, "esb_register_feil_total", flyt, "register=\"" + register + "\"");
        List<UUID> brev = new ArrayList<>();
        put("/sim/admin/faults/" + register + "/*", "{\"outageUntil\":\"" + Instant.now().plus(UTFALL) + "\"}");
        try {
            if (register.equals("maskinporten")) {
                // tokens are cached (for 599 s, as the real ones): revoked, every register call fetches a new one and meets the
                // outage; once the feed reader has failed, no token from before the outage is in use
                trekkTilbakeMaskinportentokener();
                double feedFoer = no.kommune.esb.Prometheus.verdi(port, "esb_register_feil_total", "flyt=\"hendelser-feed\"", "register=\"maskinporten\"");
                await().atMost(Duration.ofSeconds(30)).until(() -> no.kommune.esb.Prometheus.verdi(port, "esb_register_feil_total",
                        "flyt=\"hendelser-feed\"", "register=\"maskinporten\"") > feedFoer);
            }
            int foerste = 80 + 2 * List.of("maskinporten", "folkeregisteret", "krr").indexOf(register);
            new org.springframework.transaction.support.TransactionTemplate(
                    new org.springframework.jdbc.datasource.DataSourceTransactionManager(jdbc.getDataSource())).executeWithoutResult(tx -> {
                for (int i = 0; i < 2; i++) {
                    brev.add(ventendeBrev(person(Kind.VANLIG_VOKSEN, foerste + i)));
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> brev.stream().allMatch(b -> tidslinje(b).contains("VENTER")));

            for (UUID b : brev) {
                Map<String, Object> m = enesteMottakerbrev(b, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "SENDT_PRINT", "LEVERT", "LEST");
                assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).hasSize(1);
            }
        } finally {
            delete("/sim/admin/faults/" + register + "/*");
        }
        // test profile: first wait 0.5 s, doubling to at most 2 s, at most 20 % taken off: the shortest waits are 0.4, 0.8, 1.6 s,
        // so a 3 s outage holds at most 4 failed attempts (0 + 0.4 + 0.8 + 1.6 = 2.8 s; a fifth comes 4.4 s after the first at the
        // earliest; 4 s until session 37). Before the fix the same two letters were taken again at once, thousands of times.
        for (UUID b : brev) {
            assertThat(tidslinje(b).stream().filter("VENTER"::equals).count()).isBetween(1L, 4L);
        }
        assertThat(no.kommune.esb.Prometheus.verdi(port, "esb_register_feil_total", flyt, "register=\"" + register + "\"") - feilFoer)
                .isBetween(1.0, 4.0);
        // one warning when the flow starts waiting, one line when it stops; the attempts between log at DEBUG
        assertThat(output.getAll().lines().filter(l -> l.contains("forsendelse-behandling waits on " + register + ":"))).hasSize(1);
        assertThat(output.getAll().lines().filter(l -> l.contains("forsendelse-behandling no longer waits on " + register + ":"))).hasSize(1);
    }

    @Test
    void should_retry_sends_while_svarut_is_down_within_the_attempt_schedule_and_send_once_it_is_back(CapturedOutput output) throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 86);
        krr(p, "AKTIV", "NEI", true);
        // test profile: a failed send waits at least 0.4 s, then 0.8 s, and the third attempt is the last; a 1 s outage is over
        // before it. The outage's 503 to the send may come after SvarUt stored the letter, so its outcome is unknown: the
        // retry looks the letter up by eksternReferanse first; when that look-up meets the outage the letter waits with the
        // flow (VENTER) without an attempt spent (session 24; it spent one before), and a miss is final only after the
        // settle time (1.5 s in tests), so the letter goes about 1.5 s after the 503, never a dead letter
        put("/sim/admin/faults/svarut/*", "{\"outageUntil\":\"" + Instant.now().plus(Duration.ofSeconds(1)) + "\"}");
        try {
            UUID brev = lever(p.id(), "FORMELL", false);

            Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
            assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).hasSize(1);
            assertThat(tidslinje(brev).stream().filter("NYTT_FORSOEK"::equals).count()).isLessThanOrEqualTo(2);
            assertThat(tidslinje(brev)).doesNotContain("DEAD_LETTER", "AVKLARES");
        } finally {
            delete("/sim/admin/faults/svarut/*");
        }
    }

    @Test
    void should_stop_the_print_when_the_grading_becomes_strengt_fortrolig_between_look_up_and_send() throws Exception {
        SimPerson p = ugradertVoksenUtenBarn(1);
        krr(p, "AKTIV", "JA", false);
        graderEtterNesteOppslag(p, "strengtFortrolig");
        try {
            UUID brev = lever(p.id(), "FORMELL", false);

            // decided PRINT from the first look-up; the check just before sending sees the new grading (rule 5)
            Map<String, Object> m = enesteMottakerbrev(brev, "MANUELL");
            assertThat(m.get("kanal")).isEqualTo("MANUELL");
            assertThat(m.get("regel")).isEqualTo("R5-SF-MANUELL");
            assertThat(tidslinjeDetaljer(brev)).anyMatch(d -> d.startsWith("BESLUTTET ") && d.contains("PRINT"))
                    .anyMatch(d -> d.startsWith("KONTROLL_FOER_SENDING ") && d.contains("STRENGT_FORTROLIG"));
            assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).isEmpty();
        } finally {
            gradering(p, "ugradert");
        }
    }

    @Test
    void should_send_digitally_without_the_address_when_the_grading_becomes_strengt_fortrolig_between_look_up_and_send() throws Exception {
        SimPerson p = ugradertVoksenUtenBarn(2);
        krr(p, "AKTIV", "NEI", true);
        String gate = population.address(p.addressIndex()).adressenavn();
        graderEtterNesteOppslag(p, "strengtFortrolig");
        try {
            UUID brev = lever(p.id(), "FORMELL", false);

            // decided DIGITAL with the print fallback address; the check drops the address before SvarUt sees it
            Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
            assertThat(m.get("regel")).isEqualTo("R5-SF-DIGITAL");
            JsonNode sendt = sendtTilSvarUt(m);
            assertThat(sendt.path("kunDigitalLevering").asBoolean()).isTrue();
            assertThat(sendt.path("mottaker").path("adresselinje1").isMissingNode() || sendt.path("mottaker").path("adresselinje1").isNull()).isTrue();
            assertThat(sendt.toString()).doesNotContain(gate);
        } finally {
            gradering(p, "ugradert");
        }
    }

    // --- helpers ---

    /** How long a register is down in the outage tests (the issue's 60 s, shortened with the test profile's short waits). */
    @Test
    void should_send_no_print_while_the_grading_check_fails_and_print_once_with_a_fresh_check_when_folkeregisteret_is_back(CapturedOutput output) throws Exception {
        SimPerson p = ugradertVoksenUtenBarn(3);
        krr(p, "AKTIV", "JA", false);
        // the look-up (first bulk call of the batch) answers; the grading check (second) fails; the calls after it answer
        ingenHendelserUnderveis();
        put("/sim/admin/faults/folkeregisteret/bulkoppslag", "{\"passCount\":1,\"failCount\":1,\"errorStatus\":503}");
        UUID brev;
        try {
            brev = lever(p.id(), "FORMELL", false);
            await().atMost(Duration.ofSeconds(30)).until(() -> tidslinjeDetaljer(brev).stream()
                    .anyMatch(d -> d.startsWith("VENTER kontroll før sending: Folkeregisteret er utilgjengelig (HTTP 503)")));
        } finally {
            delete("/sim/admin/faults/folkeregisteret/bulkoppslag");
        }

        Map<String, Object> m = enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "SENDT_PRINT", "LEVERT");
        assertThat(m.get("kanal")).isEqualTo("PRINT");
        assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).hasSize(1);
        // the send came from a new pass (fresh look-up, fresh check), and the failed check spent no send attempt
        assertThat(tidslinje(brev).stream().filter("OPPSLAG"::equals).count()).isGreaterThanOrEqualTo(2);
        assertThat(tidslinje(brev)).doesNotContain("NYTT_FORSOEK", "DEAD_LETTER");
        assertThat(jdbc.queryForObject("select forsoek from mottakerbrev where id = ?", Integer.class, m.get("id"))).isZero();
        assertThat(output.getAll().lines().filter(l -> l.contains("forsendelse-behandling waits on folkeregisteret:"))).hasSize(1);
    }

    /**
     * Rule 1 with the flow's two stages: a decided batch waits while the batch before it sends. Here that batch's send stage
     * stalls on its last statement (the letter's status), held by a row lock the test takes while the letter is still in
     * its pass; the next batch is decided meanwhile and held until its KRR look-up is older than krr-maks-alder (test
     * profile 5 s). It is then looked up and decided again before its send, not sent on the old look-up.
     */
    @Test
    void should_look_krr_up_again_before_sending_a_batch_held_behind_a_stalled_send_stage_for_longer_than_krr_maks_alder() throws Exception {
        SimPerson foran = person(Kind.VANLIG_VOKSEN, 87);
        SimPerson bak = person(Kind.VANLIG_VOKSEN, 88);
        krr(foran, "AKTIV", "NEI", true);
        krr(bak, "AKTIV", "NEI", true);
        // a slow SvarUt answer keeps the first letter in its pass until the test holds its row (removed once it does)
        put("/sim/admin/faults/svarut/send", "{\"latencyMs\":2000}");
        UUID brevForan;
        UUID brevBak;
        long krrFoer;
        Instant foersteOppslag;
        try (java.sql.Connection laas = jdbc.getDataSource().getConnection()) {
            laas.setAutoCommit(false);
            brevForan = lever(foran.id(), "FORMELL", false);
            await().atMost(Duration.ofSeconds(30)).until(() -> "BEHANDLES".equals(
                    jdbc.queryForObject("select status from brev where id = ?", String.class, brevForan)));
            try (java.sql.PreparedStatement ps = laas.prepareStatement("select status from brev where id = ? for no key update")) {
                ps.setObject(1, brevForan);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).as("the lock was taken while the first letter was still in its pass").isEqualTo("BEHANDLES");
                }
            }
            delete("/sim/admin/faults/svarut/send");
            // the first letter's send stage has begun (its KRR look-up is behind it); it cannot end while the lock is held
            await().atMost(Duration.ofSeconds(30)).until(() -> mottakerbrev(brevForan).stream().anyMatch(m ->
                    jdbc.queryForObject("select sending_startet is not null from mottakerbrev where id = ?", Boolean.class, m.get("id"))));
            krrFoer = faults.kall().getOrDefault("krr/personer", 0L);

            brevBak = lever(bak.id(), "FORMELL", false);
            // decided while the batch before it cannot finish sending; held until its look-up is older than the limit
            Map<String, Object> besluttet = enesteMottakerbrev(brevBak, "KLAR_FOR_SENDING");
            foersteOppslag = oppslagstidspunkt(besluttet);
            Instant holdtFra = foersteOppslag;
            await().atMost(Duration.ofSeconds(30)).until(() -> Duration.between(holdtFra, Instant.now()).compareTo(krrMaksAlder) > 0);
            assertThat(svarUt.finnForEksternReferanse(kontoId(), besluttet.get("id").toString())).as("held: not sent yet").isEmpty();
            laas.rollback();
        } finally {
            delete("/sim/admin/faults/svarut/send");
        }

        Map<String, Object> m = enesteMottakerbrev(brevBak, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
        // exactly once each: the re-decision reused the recipient letter the first decision made
        assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).hasSize(1);
        Map<String, Object> f = enesteMottakerbrev(brevForan, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
        assertThat(svarUt.finnForEksternReferanse(kontoId(), f.get("id").toString())).hasSize(1);
        // KRR was asked about the held letter at its decision and once more before its send (other flows may add calls)
        assertThat(faults.kall().getOrDefault("krr/personer", 0L) - krrFoer).isGreaterThanOrEqualTo(2);
        // two look-ups, the second saying why; the same decision is not recorded twice; the evidence is the new look-up's
        List<String> oppslag = tidslinjeDetaljer(brevBak).stream().filter(d -> d.startsWith("OPPSLAG ")).toList();
        assertThat(oppslag).hasSize(2);
        assertThat(oppslag.get(0)).doesNotContain("nytt oppslag");
        assertThat(krrTid(oppslag.get(0))).isEqualTo(foersteOppslag);
        assertThat(oppslag.get(1)).contains("nytt oppslag før sending: KRR-oppslaget " + foersteOppslag + " var eldre enn " + krrMaksAlder);
        assertThat(tidslinje(brevBak).stream().filter("BESLUTTET"::equals).count()).isOne();
        assertThat(tidslinje(brevBak)).doesNotContain("BESLUTTET_PAA_NYTT").containsSubsequence("OPPSLAG", "BESLUTTET", "OPPSLAG", "SENDT");
        assertThat(tidslinje(brevBak).stream().filter("SENDT"::equals).count()).isOne();
        assertThat(oppslagstidspunkt(m)).isEqualTo(krrTid(oppslag.get(1))).isAfter(foersteOppslag);
        assertThat(tidslinje(brevForan).stream().filter("OPPSLAG"::equals).count()).isOne();
    }

    /** The time of the KRR look-up an OPPSLAG row names ("Folkeregisteret <t>, KRR <t>…"). */
    private static Instant krrTid(String oppslag) {
        java.util.regex.Matcher k = java.util.regex.Pattern.compile("KRR (\\S+?Z)").matcher(oppslag);
        assertThat(k.find()).as(oppslag).isTrue();
        return Instant.parse(k.group(1));
    }

    /** The time of the KRR look-up a recipient letter's stored decision evidence names. */
    private static Instant oppslagstidspunkt(Map<String, Object> mottakerbrev) throws Exception {
        return Instant.parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(mottakerbrev.get("grunnlag").toString())
                .path("oppslagstidspunkt").asText());
    }

    /** Every feed event read and fanned out, so no other flow calls Folkeregisteret's bulk look-up during a counted fault. */
    private void ingenHendelserUnderveis() {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                jdbc.queryForObject("select coalesce(max(neste_sekvensnummer), 0) from feed_posisjon", Long.class) > population.lastSequence()
                        && jdbc.queryForObject("select count(*) from hendelse where status = 'NY'", Integer.class) == 0);
    }

    private static final Duration UTFALL = Duration.ofSeconds(3);

    /** A letter as after an earlier SvarUt attempt failed: waiting, its recipient letter due for another attempt. */
    private UUID ventendeBrev(SimPerson p) {
        try {
            krr(p, "AKTIV", "NEI", true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        UUID id = lever(p.id(), "FORMELL", false);
        String ref = jdbc.queryForObject("select ekstern_referanse from brev where id = ?", String.class, id);
        jdbc.update("update brev set status = 'VENTER' where id = ?", id);
        jdbc.update("insert into mottakerbrev (id, brev_id, mottaker, kanal, status, forsoek) values (?, ?, ?, 'DIGITAL', 'KLAR_FOR_SENDING', 1)",
                ForsendelseBehandler.mottakerbrevId(id, ref), id, p.id());
        return id;
    }

    /** The n-th last ordinary adult without children (a grading change also grades minor children at home). */
    private SimPerson ugradertVoksenUtenBarn(int n) {
        List<SimPerson> alle = population.findAll(Kind.VANLIG_VOKSEN).stream().filter(x -> x.childIndexes().length == 0).toList();
        return alle.get(alle.size() - n);
    }

    /** The Folkeregisteret simulator grades the person right after its next answer about them: between look-up and send. */
    private void graderEtterNesteOppslag(SimPerson p, String gradering) throws Exception {
        assertThat(postAdmin("{\"kind\":\"ADRESSEBESKYTTELSE\",\"person\":\"" + p.id() + "\",\"param\":\"" + gradering
                + "\",\"etterNesteOppslag\":true}")).contains("\"venter\":true");
    }

    private void gradering(SimPerson p, String gradering) throws Exception {
        postAdmin("{\"kind\":\"ADRESSEBESKYTTELSE\",\"person\":\"" + p.id() + "\",\"param\":\"" + gradering + "\"}");
    }

    private String postAdmin(String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/sim/admin/folkeregisteret/hendelser")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private List<String> tidslinjeDetaljer(UUID brev) {
        return jdbc.queryForList("select hendelse || ' ' || coalesce(detalj, '') from tidslinje where brev_id = ? order by id", String.class, brev);
    }

    private HttpResponse<String> innleverRest(String ref, String mottaker) throws Exception {
        String grense = "g" + UUID.randomUUID();
        String metadata = "{\"avsenderSystem\":\"skole\",\"eksternReferanse\":\"" + ref + "\",\"tittel\":\"Vedtak\",\"mottaker\":\""
                + mottaker + "\",\"brevtype\":\"FORMELL\",\"dokumenter\":[{\"filnavn\":\"vedtak.pdf\",\"mimeType\":\"application/pdf\"}]}";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + grense + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n"
                + metadata + "\r\n--" + grense + "\r\nContent-Disposition: form-data; name=\"d1\"; filename=\"vedtak.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(PDF);
        body.writeBytes(("\r\n--" + grense + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/forsendelser"))
                .header("Authorization", "Bearer " + token("skole")).header("Content-Type", "multipart/form-data; boundary=" + grense)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Stores a received letter as the intake does (the intake itself is tested on its own). */
    private UUID lever(String mottaker, String brevtype, boolean gjelderBarn) {
        return lever(mottaker, brevtype, gjelderBarn, "skole");
    }

    private JsonNode sendtTilSvarUt(Map<String, Object> m) {
        UUID svarUtId = svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString()).get(0);
        return svarUt.finn(svarUtId).orElseThrow().forsendelse();
    }

}
