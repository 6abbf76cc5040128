package no.kommune.esb.forsendelse.flyt;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.krr.KrrClient;
import no.kommune.esb.platform.Registerstans;
import no.kommune.esb.svarut.SvarUtClient;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * Two platform instances on one database (DOMAIN.md rule 8 with several instances): two {@link ForsendelseBehandler}s,
 * each with its own {@link BehandlingRepository} and instance id, on the shared platform's PostgreSQL, its SvarUt
 * simulator and its SvarUt client. The platform's own letter flow is stopped meanwhile, so only these two take letters.
 * Instance a's sends are held just before they go out (its SvarUt client waits at a gate the test opens), as a stalled
 * thread or a long GC pause holds them. Time is not waited for: the claim is aged in the database, as
 * {@code forsendelse.behandling.gjenoppta-etter} passing without a renewal would leave it. Letters go to an
 * organisation, so no register is looked up and each letter is one SvarUt send.
 */
class OvertakelseEndToEndTest extends BrevflytTest {

    private static final Duration GJENOPPTA_ETTER = Duration.ofMinutes(1);

    @Autowired
    CamelContext camel;
    @Autowired
    AutowireCapableBeanFactory beanFactory;
    @Autowired
    Statusutboks utboks;
    @Autowired
    SvarUtClient svarUtClient;
    @Autowired
    FolkeregisterClient freg;
    @Autowired
    KrrClient krr;
    @Autowired
    VarselSender varsel;
    @Autowired
    ForsendelseMetrikker metrikker;
    @Autowired
    Forsoksregel forsoksregel;

    /** Instance a's SvarUt client: its first send waits at the gate {@link #slipp} before going on. */
    private SvarUtClient aSvarUt;
    private final CountDownLatch holdt = new CountDownLatch(1);
    private final CountDownLatch slipp = new CountDownLatch(1);
    private final List<ForsendelseBehandler> instanser = new ArrayList<>();

    @BeforeEach
    void stoppPlattformensFlyt() throws Exception {
        camel.getRouteController().stopRoute("forsendelse-behandling");
        AtomicBoolean foerste = new AtomicBoolean(true);
        aSvarUt = spy(svarUtClient);
        doAnswer(i -> {
            if (foerste.compareAndSet(true, false)) {
                holdt.countDown();
                assertThat(slipp.await(60, TimeUnit.SECONDS)).as("the test opens the gate").isTrue();
            }
            return i.callRealMethod();
        }).when(aSvarUt).sendExactlyOnce(any(), anyList(), anyBoolean(), any());
    }

    @AfterEach
    void startPlattformensFlyt() throws Exception {
        slipp.countDown();
        for (ForsendelseBehandler b : instanser) {
            b.stopp();
        }
        camel.getRouteController().startRoute("forsendelse-behandling");
    }

    @Test
    void should_refuse_a_stalled_instances_pending_sends_once_another_instance_took_its_letters_over_so_each_reaches_svarut_once() throws Exception {
        List<UUID> brev = List.of(organisasjonsbrev(), organisasjonsbrev());
        // one send at a time on a: the first waits at the gate, the second waits behind it
        ForsendelseBehandler a = instans("a", aSvarUt);
        ForsendelseBehandler b = instans("b", svarUtClient);

        assertThat(a.behandle()).isEqualTo(2);
        assertThat(holdt.await(30, TimeUnit.SECONDS)).as("a's first send is held").isTrue();
        assertThat(kravInstans(brev)).containsOnly("a");

        // a's heartbeat does not run (its threads are stalled): its claim lapses
        eldre(brev);
        assertThat(b.behandle()).isEqualTo(2);
        b.stopp();

        // b took the letters over, looked each up by eksternReferanse (a had recorded its sends as begun), found none and sent
        assertThat(kravInstans(brev)).containsOnly("b");
        for (UUID id : brev) {
            Map<String, Object> m = enesteMottakerbrev(id, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
            assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).containsExactly((UUID) m.get("svarut_id"));
        }

        // a goes on: the fence refuses its held send and the one waiting behind it; nothing of a's reaches SvarUt
        slipp.countDown();
        a.stopp();
        verify(aSvarUt, times(2)).sendExactlyOnce(any(), anyList(), anyBoolean(), any());
        verify(aSvarUt, never()).send(any(), anyList());
        for (UUID id : brev) {
            Map<String, Object> m = mottakerbrev(id).get(0);
            assertThat(svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString())).as("each recipient letter at SvarUt once")
                    .containsExactly((UUID) m.get("svarut_id"));
            assertThat(jdbc.queryForObject("select status from brev where id = ?", String.class, id)).isEqualTo("BEHANDLET");
        }
        assertThat(a.fornyKrav()).as("a holds no claim any more").isZero();
    }

    @Test
    void should_keep_a_live_instances_batch_from_being_taken_over_while_its_heartbeat_renews_the_claim() throws Exception {
        List<UUID> brev = List.of(organisasjonsbrev());
        ForsendelseBehandler a = instans("a", aSvarUt);
        ForsendelseBehandler b = instans("b", svarUtClient);

        assertThat(a.behandle()).isEqualTo(1);
        assertThat(holdt.await(30, TimeUnit.SECONDS)).as("a's send is held").isTrue();

        // longer than gjenoppta-etter passes while a sends; a is alive, and its heartbeat renews the claim
        eldre(brev);
        assertThat(a.fornyKrav()).isEqualTo(1);
        b.behandle();
        b.stopp();

        // b took nothing over (it may have taken other tests' letters): the letter is still a's and not at SvarUt
        assertThat(kravInstans(brev)).containsOnly("a");
        String mottakerbrevId = mottakerbrev(brev.get(0)).get(0).get("id").toString();
        assertThat(svarUt.finnForEksternReferanse(kontoId(), mottakerbrevId)).isEmpty();

        slipp.countDown();
        a.stopp();
        Map<String, Object> m = enesteMottakerbrev(brev.get(0), "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST");
        assertThat(svarUt.finnForEksternReferanse(kontoId(), mottakerbrevId)).containsExactly((UUID) m.get("svarut_id"));
        verify(aSvarUt, times(1)).send(any(), anyList());
        // the batch has ended on a: the heartbeat leaves it, so a batch that cannot end is taken over after gjenoppta-etter
        assertThat(a.fornyKrav()).isZero();
    }

    /**
     * An instance of the letter flow: its own repository (proxied by the context, so its transactions are real) with
     * instance id {@code id}, batches of two, one send at a time, and the platform's clients.
     */
    private ForsendelseBehandler instans(String id, SvarUtClient klient) {
        BehandlingRepository repository = (BehandlingRepository) beanFactory.initializeBean(
                new BehandlingRepository(jdbc, utboks, GJENOPPTA_ETTER, Duration.ofSeconds(10), id), "behandlingRepository-" + id);
        Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), mock(JdbcTemplate.class), Duration.ofMinutes(10), 0.0,
                Duration.ofHours(1));
        ForsendelseBehandler behandler = new ForsendelseBehandler(repository, freg, krr, klient, varsel, metrikker, forsoksregel,
                new ObjectMapper(), 2, Duration.ofMinutes(10), 1, Duration.ZERO, Duration.ofMinutes(5), DataSize.ofMegabytes(16), registerstans);
        instanser.add(behandler);
        return behandler;
    }

    /** A received letter to an organisation, older than any other test's, so a claim of two takes these first. */
    private UUID organisasjonsbrev() {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type, kanal_inn,
                                  status, mottatt_tid)
                values (?, 'skole', ?, 'Vedtak', 'FORMELL', false, '974760673', 'ORGANISASJON', 'REST', 'MOTTATT', timestamptz '2000-01-01 00:00Z')""",
                id, "e2e-overtakelse-" + NEXT.incrementAndGet() + "-" + id);
        jdbc.update("insert into brev_dokument (brev_id, nr, filnavn, mime_type, innhold) values (?, 0, 'vedtak.pdf', 'application/pdf', ?)", id, PDF);
        jdbc.update("insert into tidslinje (brev_id, hendelse, detalj) values (?, 'MOTTATT', 'REST')", id);
        return id;
    }

    /** The claim of these letters as gjenoppta-etter and a minute more without a renewal leave it. */
    private void eldre(List<UUID> brev) {
        jdbc.update("update brev set endret_tid = now() - ? * interval '1 second' where id = any (?)",
                GJENOPPTA_ETTER.toSeconds() + 60, brev.toArray(new UUID[0]));
    }

    private List<String> kravInstans(List<UUID> brev) {
        return jdbc.queryForList("select krav_instans from brev where id = any (?)", String.class, (Object) brev.toArray(new UUID[0]));
    }
}
