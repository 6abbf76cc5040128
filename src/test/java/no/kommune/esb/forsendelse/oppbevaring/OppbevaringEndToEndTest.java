package no.kommune.esb.forsendelse.oppbevaring;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.EndToEndTest;
import no.kommune.esb.SftpInnlogging;
import no.kommune.esb.TestPdf;
import no.kommune.esb.forsendelse.mottak.DeadLetterSendRedriver;
import no.kommune.esb.forsendelse.mottak.ForsendelseRepository;
import no.kommune.esb.forsendelse.mottak.InnleveringMottak;
import no.kommune.esb.forsendelse.mottak.InnleveringSftpEndToEndTest;
import no.kommune.esb.platform.PlatformLock;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spring.pollingconsumer.SpringScheduledPollConsumerScheduler;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static no.kommune.esb.forsendelse.mottak.InnleveringSftpEndToEndTest.INN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention job against the shared database and the embedded SFTP server. Rows and folders are made with old
 * times and the job runs as of now; every assertion looks at this test's own rows and folders only (others share them).
 */
class OppbevaringEndToEndTest extends EndToEndTest {

    static final byte[] PDF_A = TestPdf.gyldig("vedtak om skoleskyss");
    static final byte[] PDF_B = TestPdf.gyldig("vedlegg");

    @Autowired
    Oppbevaringsjobb jobb;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ForsendelseRepository forsendelser;
    @Autowired
    PlatformLock lock;
    @Autowired
    MeterRegistry metrics;
    @Autowired
    CamelContext camel;
    @Value("${platform.sftp.port}")
    int sftpPort;
    @Value("${forsendelse.oppbevaring.schedule}")
    String cron;

    @Test
    void should_empty_old_finished_letters_and_unneeded_dead_letters_and_keep_everything_still_needed() {
        Instant naa = Instant.now();
        Instant foer40Dager = naa.minus(Duration.ofDays(40));
        UUID ferdig = brev("FERDIG", List.of("LEVERT", "STOPPET"), foer40Dager);
        UUID ferdigNylig = brev("FERDIG", List.of("LEVERT"), naa.minus(Duration.ofDays(5)));
        UUID venter = brev("SENDT", List.of("LEVERT", "SENDT_PRINT"), foer40Dager);
        UUID manuell = brev("MANUELL", List.of("MANUELL"), foer40Dager);
        UUID loestForLenge = brev("FERDIG", List.of("MANUELT_LOEST"), foer40Dager);
        UUID iDeadLetter = brev("FEILET", List.of("LEVERT", "DEAD_LETTER"), foer40Dager);
        // a recipient letter whose dead letter was closed without sending is final: its letter's PDFs go like any finished one's
        UUID avsluttetForLenge = brev("BEHANDLET", List.of("LEVERT", "AVSLUTTET"), foer40Dager);
        UUID sendRedrevet = deadLetter(DeadLetterSendRedriver.KILDE, mottakerbrev(ferdig).toString(), naa.minus(Duration.ofDays(120)),
                naa.minus(Duration.ofDays(100)));
        UUID sendVenter = deadLetter(DeadLetterSendRedriver.KILDE, mottakerbrev(iDeadLetter, "DEAD_LETTER").toString(),
                naa.minus(Duration.ofDays(100)), null);
        UUID avvistGammel = deadLetter(InnleveringMottak.KILDE_SFTP, "skole/gammel", naa.minus(Duration.ofDays(100)), null);
        UUID avvistNy = deadLetter(InnleveringMottak.KILDE_JMS, "skole/ny", naa.minus(Duration.ofDays(10)), null);
        // closed without sending: emptied dead-letter-etter after the close, as after a redrive
        UUID avsluttet = avsluttet(deadLetter("hendelser-levering", "1/oppbevaring", naa.minus(Duration.ofDays(120)), null), naa.minus(Duration.ofDays(100)));
        UUID avsluttetNylig = avsluttet(deadLetter("hendelser-levering", "2/oppbevaring", naa.minus(Duration.ofDays(120)), null), naa.minus(Duration.ofDays(10)));
        // a delivery's dead letter keeps whom its payload names beside it (V58): those numbers go with the payload
        jdbc.update("update dead_letter set eiere = ?, naere = ? where id in (?, ?)", new String[]{"05067012345"},
                new String[]{"person:05067012345"}, avsluttet, avsluttetNylig);
        double dokumenterFoer = metrics.counter("esb.forsendelse.oppbevaring.slettet", "type", "dokument").count();

        Oppbevaringsjobb.Resultat resultat = jobb.kjoer(naa);

        assertThat(resultat.kjoert()).isTrue();
        // two letters of this test (2 documents each); other tests' letters are too fresh to count
        assertThat(resultat.dokumenter()).isGreaterThanOrEqualTo(4);
        assertThat(metrics.counter("esb.forsendelse.oppbevaring.slettet", "type", "dokument").count() - dokumenterFoer)
                .isEqualTo(resultat.dokumenter());
        for (UUID tomt : List.of(ferdig, loestForLenge, avsluttetForLenge)) {
            assertThat(innhold(tomt)).as("letter %s", tomt).allSatisfy(b -> assertThat(b).isEmpty());
            ForsendelseRepository.BrevStatus status = forsendelser.hent(tomt).orElseThrow();
            assertThat(status.dokumenter()).extracting(ForsendelseRepository.DokumentInfo::filnavn).containsExactly("vedtak.pdf", "vedlegg.pdf");
            assertThat(status.dokumenter()).extracting(ForsendelseRepository.DokumentInfo::storrelse)
                    .containsExactly((long) PDF_A.length, (long) PDF_B.length);
            assertThat(status.dokumenter()).as("the letter API says when the content went").allSatisfy(d -> assertThat(d.innholdSlettet()).isNotNull());
            assertThat(status.tidslinje()).extracting(ForsendelseRepository.Tidslinjehendelse::hendelse)
                    .containsOnlyOnce(OppbevaringRepository.HENDELSE_DOKUMENTER_SLETTET);
        }
        for (UUID beholdt : List.of(ferdigNylig, venter, manuell, iDeadLetter)) {
            assertThat(innhold(beholdt)).as("letter %s", beholdt).containsExactly(PDF_A, PDF_B);
            assertThat(forsendelser.hent(beholdt).orElseThrow().dokumenter()).allSatisfy(d -> assertThat(d.innholdSlettet()).isNull());
        }
        assertThat(payload(sendRedrevet)).isNull();
        assertThat(payload(avvistGammel)).isNull();
        assertThat(jdbc.queryForObject("select count(*) from dead_letter where id in (?, ?) and payload_slettet is not null",
                Integer.class, sendRedrevet, avvistGammel)).isEqualTo(2);
        assertThat(forsendelser.hent(ferdig).orElseThrow().tidslinje()).extracting(ForsendelseRepository.Tidslinjehendelse::hendelse)
                .containsOnlyOnce(OppbevaringRepository.HENDELSE_DEAD_LETTER_TOEMT);
        assertThat(payload(sendVenter)).isNotNull();
        assertThat(payload(avvistNy)).isNotNull();
        assertThat(payload(avsluttet)).as("closed 100 days ago").isNull();
        assertThat(payload(avsluttetNylig)).as("closed 10 days ago").isNotNull();
        assertThat(jdbc.queryForObject("select eiere is null and naere is null from dead_letter where id = ?", Boolean.class, avsluttet))
                .as("the numbers of whom an emptied payload named go with it").isTrue();
        assertThat(jdbc.queryForObject("select cardinality(naere) from dead_letter where id = ?", Integer.class, avsluttetNylig)).isEqualTo(1);

        // a second run finds nothing more of this test's rows to empty
        jobb.kjoer(naa);
        assertThat(forsendelser.hent(ferdig).orElseThrow().tidslinje()).extracting(ForsendelseRepository.Tidslinjehendelse::hendelse)
                .containsOnlyOnce(OppbevaringRepository.HENDELSE_DOKUMENTER_SLETTET);
    }

    /**
     * Register-event delivery rows of a fagsystem of this test's own (never registered: no round delivers to it; the
     * waiting row is not due). Deleted: a delivered and a skipped row finished 40 days ago. Kept: fresh rows, waiting,
     * being made again and failed ones, however old; the fagsystem's last delivered row (the console's lag); a person's
     * delivered row later than a failed row with an open dead letter (a redrive asks for it).
     */
    @Test
    void should_delete_old_delivered_and_skipped_event_deliveries_and_keep_every_row_still_needed() {
        Instant naa = Instant.now();
        String fagsystem = "oppbevaring-" + UUID.randomUUID();
        // negative sequence numbers, removed after: the feed's events share the table, and a large positive one moved the
        // proactive reader's position (max(sekvensnummer) + 1) past every later event of the context's other test classes
        long seq = -9_000_000_000L - (long) (Math.random() * 1_000_000_000L);
        try {
            slettOgBehold(naa, fagsystem, seq);
        } finally {
            jdbc.update("delete from dead_letter where referanse like ?", "%/" + fagsystem);
            jdbc.update("delete from levering where fagsystem = ?", fagsystem);
            jdbc.update("delete from levering_kjent where fagsystem = ?", fagsystem);
            jdbc.update("delete from hendelse where sekvensnummer between ? and ?", seq, seq + 9);
        }
    }

    private void slettOgBehold(Instant naa, String fagsystem, long seq) {
        Instant foer40Dager = naa.minus(Duration.ofDays(40));
        long levertGammel = levering(seq, fagsystem, "71000000001", "LEVERT", foer40Dager, foer40Dager);
        long hoppetGammel = levering(seq + 1, fagsystem, "71000000002", "HOPPET_OVER", foer40Dager, null);
        long venterGammel = levering(seq + 2, fagsystem, "71000000003", "VENTER", foer40Dager, null);
        long minimeresGammel = levering(seq + 3, fagsystem, "71000000004", "MINIMERES", foer40Dager, null);
        long feiletGammel = levering(seq + 4, fagsystem, "71000000005", "FEILET", foer40Dager, null);
        long levertNylig = levering(seq + 5, fagsystem, "71000000006", "LEVERT", naa.minus(Duration.ofDays(5)), naa.minus(Duration.ofDays(5)));
        long hoppetNylig = levering(seq + 6, fagsystem, "71000000007", "HOPPET_OVER", naa.minus(Duration.ofDays(5)), null);
        // a failed row with an open dead letter, and the same person's delivered row after it
        long feiletMedDeadLetter = levering(seq + 7, fagsystem, "71000000008", "FEILET", foer40Dager, null);
        deadLetter("hendelser-levering", feiletMedDeadLetter + "/" + fagsystem, foer40Dager, null);
        long levertEtterFeilet = levering(seq + 8, fagsystem, "71000000008", "LEVERT", foer40Dager, foer40Dager);
        // the fagsystem's last delivered row, old as well
        long sistLevert = levering(seq + 9, fagsystem, "71000000009", "LEVERT", foer40Dager, foer40Dager);
        double foer = metrics.counter("esb.forsendelse.oppbevaring.slettet", "type", "levering").count();

        Oppbevaringsjobb.Resultat resultat = jobb.kjoer(naa);

        assertThat(leveringer(fagsystem)).containsExactlyInAnyOrder(venterGammel, minimeresGammel, feiletGammel, levertNylig, hoppetNylig,
                feiletMedDeadLetter, levertEtterFeilet, sistLevert);
        assertThat(leveringer(fagsystem)).doesNotContain(levertGammel, hoppetGammel);
        // two rows of this test; other tests' rows are too fresh to count
        assertThat(resultat.leveringer()).isGreaterThanOrEqualTo(2);
        assertThat(metrics.counter("esb.forsendelse.oppbevaring.slettet", "type", "levering").count() - foer).isEqualTo(resultat.leveringer());
        assertThat(jdbc.queryForList("select identifikator from levering_kjent where fagsystem = ?", String.class, fagsystem))
                .as("the population rule still knows whom the fagsystem has had; a skipped row never reached it").containsExactly("71000000001");

        Oppbevaringsjobb.Resultat igjen = jobb.kjoer(naa);

        assertThat(igjen.leveringer()).as("a second run finds nothing more").isZero();
        assertThat(leveringer(fagsystem)).hasSize(8);
    }

    @Test
    void should_skip_the_run_while_another_instance_holds_the_job_lock() {
        Instant naa = Instant.now();
        UUID ferdig = brev("FERDIG", List.of("LEVERT"), naa.minus(Duration.ofDays(40)));

        // the lock is held on another database session, as another instance would hold it
        Oppbevaringsjobb.Resultat mensLaast = lock.runExclusively(Oppbevaringsjobb.LAAS, () -> jobb.kjoer(naa)).orElseThrow();

        assertThat(mensLaast.kjoert()).isFalse();
        assertThat(innhold(ferdig)).containsExactly(PDF_A, PDF_B);
    }

    @Test
    void should_be_scheduled_nightly_by_a_started_route_with_the_configured_cron() {
        assertThat(camel.getRouteController().getRouteStatus("forsendelse-oppbevaring")).isEqualTo(ServiceStatus.Started);
        ScheduledPollConsumer consumer = (ScheduledPollConsumer) camel.getRoute("forsendelse-oppbevaring").getConsumer();
        assertThat(consumer.getScheduler()).isInstanceOfSatisfying(SpringScheduledPollConsumerScheduler.class,
                s -> assertThat(s.getCron()).isEqualTo(cron));
    }

    @Test
    void should_delete_old_kept_hand_ins_keep_fresh_ones_and_move_a_left_manifest_back_to_be_handed_in_again() throws Exception {
        Instant naa = Instant.now();
        String gammelBehandlet = "oppbevaring-" + UUID.randomUUID();
        String ferskBehandlet = "oppbevaring-" + UUID.randomUUID();
        String gammelAvvist = "oppbevaring-" + UUID.randomUUID();
        String ferskAvvist = "oppbevaring-" + UUID.randomUUID();
        String forlatt = InnleveringSftpEndToEndTest.referanse();
        String underveis = InnleveringSftpEndToEndTest.referanse();
        try (SftpInnlogging skole = SftpInnlogging.logInn(sftpPort, "skole", "lokal-skole")) {
            beholdtInnlevering(skole, INN + ".behandlet/" + gammelBehandlet, naa.minus(Duration.ofDays(15)));
            beholdtInnlevering(skole, INN + ".behandlet/" + ferskBehandlet, naa.minus(Duration.ofDays(13)));
            beholdtInnlevering(skole, INN + ".avvist/" + gammelAvvist, naa.minus(Duration.ofDays(15)));
            beholdtInnlevering(skole, INN + ".avvist/" + ferskAvvist, naa);
            // a crash after the claim: the PDFs still in the drop folder, the manifest in .behandles/ for an hour
            skole.lastOpp(forlatt + "-vedtak.pdf", PDF_A);
            skole.lastOpp(forlatt + "-vedlegg.pdf", PDF_B);
            krevd(skole, forlatt, naa.minus(Duration.ofHours(1)));
            // claimed a minute ago: still being handled
            krevd(skole, underveis, naa.minus(Duration.ofMinutes(1)));
            // answers: one the fagsystem has had for 15 days, one from today
            String gammeltSvar = "oppbevaring-" + UUID.randomUUID() + ".svar.json";
            String ferskSvar = "oppbevaring-" + UUID.randomUUID() + ".svar.json";
            skole.lagMappe("/forsendelse/svar");
            skole.lastOppDirekte("/forsendelse/svar/" + gammeltSvar, "{}".getBytes(StandardCharsets.UTF_8));
            skole.sftp().setStat("/forsendelse/svar/" + gammeltSvar, new SftpClient.Attributes().modifyTime(FileTime.from(naa.minus(Duration.ofDays(15)))));
            skole.lastOppDirekte("/forsendelse/svar/" + ferskSvar, "{}".getBytes(StandardCharsets.UTF_8));

            Oppbevaringsjobb.Resultat resultat = jobb.kjoer(naa);

            assertThat(resultat.sftpBehandlet()).isGreaterThanOrEqualTo(1);
            assertThat(resultat.sftpAvvist()).isGreaterThanOrEqualTo(1);
            assertThat(resultat.gjenopptatt()).isGreaterThanOrEqualTo(1);
            assertThat(skole.navn(INN + ".behandlet")).doesNotContain(gammelBehandlet).contains(ferskBehandlet);
            assertThat(skole.navn(INN + ".avvist")).doesNotContain(gammelAvvist).contains(ferskAvvist);
            assertThat(skole.navn("/forsendelse/svar")).doesNotContain(gammeltSvar).contains(ferskSvar);
            assertThat(skole.navn(INN + ".behandles")).doesNotContain(forlatt + ".json").contains(underveis + ".json");

            JsonNode svar = skole.ventPaaSvar(forlatt);
            assertThat(svar.path("ny").asBoolean()).isTrue();
            UUID id = UUID.fromString(svar.path("id").asText());
            assertThat(jdbc.queryForObject("select ekstern_referanse from brev where id = ?", String.class, id)).isEqualTo(forlatt);
            assertThat(skole.navn(INN + ".behandlet/" + forlatt))
                    .containsExactlyInAnyOrder(forlatt + ".json", forlatt + "-vedtak.pdf", forlatt + "-vedlegg.pdf");

            skole.sftp().remove(INN + ".behandles/" + underveis + ".json");
        }
    }

    /** A kept hand-in folder with a manifest and a PDF, last changed at {@code endret}. */
    private static void beholdtInnlevering(SftpInnlogging f, String mappe, Instant endret) throws IOException {
        f.lagMappe(mappe);
        f.lastOppDirekte(mappe + "/brev.json", "{}".getBytes(StandardCharsets.UTF_8));
        f.lastOppDirekte(mappe + "/brev.pdf", PDF_A);
        // last: adding the files changed the folder's time
        f.sftp().setStat(mappe, new SftpClient.Attributes().modifyTime(FileTime.from(endret)));
    }

    /** A manifest as the intake leaves it in .behandles/ when it claims it at {@code krevd}. */
    private static void krevd(SftpInnlogging f, String ref, Instant krevd) throws IOException {
        f.lagMappe(INN + ".behandles");
        String sti = INN + ".behandles/" + ref + ".json";
        f.lastOppDirekte(sti, InnleveringSftpEndToEndTest.manifest(ref, "skole").toString().getBytes(StandardCharsets.UTF_8));
        f.sftp().setStat(sti, new SftpClient.Attributes().modifyTime(FileTime.from(krevd)));
    }

    /** A letter with two documents and one recipient letter per status, all last changed at {@code endret}. */
    private UUID brev(String brevstatus, List<String> mottakerstatuser, Instant endret) {
        UUID id = UUID.randomUUID();
        Timestamp t = Timestamp.from(endret);
        jdbc.update("""
                insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, mottaker, mottaker_type, kanal_inn,
                                  status, mottatt_tid, endret_tid)
                values (?, 'skole', ?, 'Vedtak', 'FORMELL', '02013299997', 'PERSON', 'REST', ?, ?, ?)""",
                id, "oppbevaring-" + id, brevstatus, t, t);
        jdbc.update("insert into brev_dokument (brev_id, nr, filnavn, mime_type, innhold) values (?, 1, 'vedtak.pdf', 'application/pdf', ?)", id, PDF_A);
        jdbc.update("insert into brev_dokument (brev_id, nr, filnavn, mime_type, innhold) values (?, 2, 'vedlegg.pdf', 'application/pdf', ?)", id, PDF_B);
        for (String status : mottakerstatuser) {
            jdbc.update("insert into mottakerbrev (id, brev_id, mottaker, kanal, status, endret_tid) values (?, ?, '02013299997', 'PRINT', ?, ?)",
                    UUID.randomUUID(), id, status, t);
        }
        return id;
    }

    private UUID mottakerbrev(UUID brevId) {
        return jdbc.queryForObject("select id from mottakerbrev where brev_id = ? order by id limit 1", UUID.class, brevId);
    }

    private UUID mottakerbrev(UUID brevId, String status) {
        return jdbc.queryForObject("select id from mottakerbrev where brev_id = ? and status = ?", UUID.class, brevId, status);
    }

    private UUID deadLetter(String kilde, String referanse, Instant opprettet, Instant redrevet) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into dead_letter (id, kilde, referanse, grunn, payload, opprettet, redrevet) values (?, ?, ?, 'test', ?, ?, ?)",
                id, kilde, referanse, PDF_A, Timestamp.from(opprettet), redrevet == null ? null : Timestamp.from(redrevet));
        return id;
    }

    private UUID avsluttet(UUID deadLetter, Instant avsluttet) {
        jdbc.update("update dead_letter set avsluttet = ?, avsluttet_av = 'test', avsluttet_begrunnelse = 'test' where id = ?", Timestamp.from(avsluttet), deadLetter);
        return deadLetter;
    }

    /** A delivery row of its own event; {@code levert} only for a delivered row; a waiting row is due tomorrow. */
    private long levering(long sekvensnummer, String fagsystem, String identifikator, String status, Instant opprettet, Instant levert) {
        jdbc.update("insert into hendelse (sekvensnummer, identifikator, hendelsetype, mottatt, status) values (?, ?, 'navneendring', ?, 'FORDELT')",
                sekvensnummer, identifikator, Timestamp.from(opprettet));
        jdbc.update("""
                insert into levering (sekvensnummer, fagsystem, status, dokument, opprettet, levert, neste_forsoek, feil)
                values (?, ?, ?, '{}', ?, ?, now() + interval '1 day', ?)""", sekvensnummer, fagsystem, status, Timestamp.from(opprettet),
                levert == null ? null : Timestamp.from(levert), "FEILET".equals(status) ? "test" : null);
        return sekvensnummer;
    }

    private List<Long> leveringer(String fagsystem) {
        return jdbc.queryForList("select sekvensnummer from levering where fagsystem = ?", Long.class, fagsystem);
    }

    private List<byte[]> innhold(UUID brevId) {
        return jdbc.queryForList("select innhold from brev_dokument where brev_id = ? order by nr", byte[].class, brevId);
    }

    private byte[] payload(UUID deadLetterId) {
        return jdbc.queryForObject("select payload from dead_letter where id = ?", byte[].class, deadLetterId);
    }
}
