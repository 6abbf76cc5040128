package no.kommune.esb.forsendelse.flyt;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import no.kommune.esb.MigrertMal;
import no.kommune.esb.VedSidenAv;
import no.kommune.esb.register.Ventetid;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The status outbox's wait per channel ({@link Kanalvent}) in {@link StatusPublisering}'s passes against the real
 * schema, with the channels a stub and the passes' time a clock the test moves, so a held channel's twenty minutes
 * pass in seconds. Until session 35 each message waited by its own failures: while barnevern's queue was held each of
 * its waiting messages probed it in turn (a held Artemis queue costs the pass {@code tidsgrense} per probe), and once
 * the queue opened each message went only at the end of its own wait, up to {@code maks-vent} (5 min) later.
 */
@VedSidenAv
class StatusKanalventTest {

    private static final String HOLDT = "barnevern";
    private static final String ANNEN = "sak-arkiv";
    private static final Duration FOERSTE_VENT = Duration.ofSeconds(10);
    private static final Duration MAKS_VENT = Duration.ofMinutes(5);
    /** One pass's step of the clock while the test lets time pass. */
    private static final Duration STEG = Duration.ofSeconds(15);
    /**
     * The publisher's limit on one send (tidsgrense), in real time: every try of the held channel waits it out (eight or
     * nine in the first test), the stub's other sends answer at once. Was 1 s; 0.5 s is still far above what a stub send
     * takes on a loaded machine and saves ~4 s a run.
     */
    private static final Duration TIDSGRENSE = Duration.ofMillis(500);

    static MigrertMal.Kopi postgres;
    static JdbcTemplate jdbc;
    static TransactionTemplate tx;
    static CamelContext camel;

    /** The stub channels: sends to {@link #HOLDT} wait until interrupted while it is held, as on a held Artemis queue. */
    private volatile boolean holdt;
    /** Messages a channel refuses for themselves (a callback's 4xx for that message). */
    private final Set<UUID> avvises = ConcurrentHashMap.newKeySet();
    /** Every send tried, by sender system. */
    private final List<String> forsoek = Collections.synchronizedList(new ArrayList<>());
    private Instant naa;
    /** Each message a moment after the previous: the claim takes the oldest first. */
    private int laget;
    private StatusPublisering publisering;

    @BeforeAll
    static void start() {
        postgres = MigrertMal.nyDatabase();
        jdbc = new JdbcTemplate(postgres.dataSource());
        tx = new TransactionTemplate(new DataSourceTransactionManager(postgres.dataSource()));
        camel = new DefaultCamelContext();
    }

    @AfterAll
    static void stopp() throws Exception {
        camel.close();
        postgres.close();
    }

    @BeforeEach
    void publisering() {
        jdbc.update("delete from statusutboks");
        ProducerTemplate producer = mock(ProducerTemplate.class);
        when(producer.send(eq(StatusPublisering.KANAL), any(Processor.class))).thenAnswer(i -> kanal(i.getArgument(1), true));
        when(producer.asyncSend(eq(StatusPublisering.KANAL), any(Processor.class)))
                .thenAnswer(i -> CompletableFuture.completedFuture(kanal(i.getArgument(1), false)));
        naa = Instant.now().plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Clock klokke = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return naa;
            }
        };
        publisering = new StatusPublisering(jdbc, tx, producer, mock(StatusKanaler.class), mock(StatusJms.class),
                new SimpleMeterRegistry(), 200, new Ventetid(FOERSTE_VENT, MAKS_VENT, 0, () -> 0L), 10,
                TIDSGRENSE, klokke);
    }

    private Exchange kanal(Processor melding, boolean kanHoldes) throws Exception {
        Exchange e = new DefaultExchange(camel);
        melding.process(e);
        String avsender = e.getIn().getHeader("avsenderSystem", String.class);
        forsoek.add(avsender);
        if (HOLDT.equals(avsender) && holdt && kanHoldes) {
            // held without end: the publisher interrupts it at its limit
            Thread.sleep(Duration.ofMinutes(10).toMillis());
        }
        if (avvises.contains(UUID.fromString(e.getIn().getHeader(StatusPublisering.MELDING_ID, String.class)))) {
            e.setException(new IllegalStateException("mottakeren svarte HTTP 400"));
        }
        return e;
    }

    @Test
    void should_back_a_held_channel_off_as_one_and_send_all_its_waiting_messages_within_a_couple_of_passes_once_it_takes_one() {
        holdt = true;
        List<UUID> barnevern = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            barnevern.add(melding(HOLDT));
        }

        // twenty minutes of a held queue, a pass every 15 s; sak-arkiv's messages go meanwhile
        Instant slutt = naa.plus(Duration.ofMinutes(20));
        List<UUID> annen = new ArrayList<>();
        while (naa.isBefore(slutt)) {
            annen.add(melding(ANNEN));
            passer();
            naa = naa.plus(STEG);
        }
        barnevern.add(melding(HOLDT));

        // the channel's waits 10 s, 20 s, 40 s, ... 5 min: eight tries in twenty minutes, whatever its number of messages
        // (before, each message tried it by its own waits: more than nine tries)
        assertThat(forsoek.stream().filter(HOLDT::equals).count()).as("tries of the held channel").isBetween(7L, 9L);
        assertThat(annen).allSatisfy(m -> assertThat(publisert(m)).as("sak-arkiv's messages meanwhile").isTrue());
        assertThat(barnevern).noneSatisfy(m -> assertThat(publisert(m)).isTrue());

        // the queue opens: within its wait (at most maks-vent) the channel is tried, and all four go at once
        holdt = false;
        Instant aapnet = naa;
        while (barnevern.stream().noneMatch(this::publisert)) {
            assertThat(naa).as("the channel tried within maks-vent of opening").isBefore(aapnet.plus(MAKS_VENT).plus(STEG));
            passer();
            naa = naa.plus(STEG);
        }
        passer();
        passer();
        assertThat(barnevern).as("every waiting message a couple of passes after the first, not at the end of its own wait")
                .allSatisfy(m -> assertThat(publisert(m)).isTrue());
    }

    @Test
    void should_let_a_message_the_channel_refuses_for_itself_wait_alone_while_the_others_of_its_sender_go() {
        UUID avvist = melding(ANNEN);
        avvises.add(avvist);
        UUID andre = melding(ANNEN);
        UUID tredje = melding(ANNEN);

        passer();
        UUID ny = melding(ANNEN);
        passer();

        assertThat(List.of(andre, tredje, ny)).allSatisfy(m -> assertThat(publisert(m)).isTrue());
        assertThat(publisert(avvist)).isFalse();
        assertThat(jdbc.queryForMap("select forsoek, neste_forsoek from statusutboks where id = ?", avvist))
                .as("by its own failure").containsEntry("forsoek", 1)
                .containsEntry("neste_forsoek", Timestamp.from(naa.plus(FOERSTE_VENT)));
    }

    /** Passes until one publishes nothing, as the route does. */
    private void passer() {
        for (int i = 0; i < 20 && publisering.publiser() > 0; i++) {
            // again at once: a letter's next message waits for its previous one
        }
    }

    private boolean publisert(UUID melding) {
        return jdbc.queryForObject("select publisert is not null from statusutboks where id = ?", Boolean.class, melding);
    }

    /** One status message of a recipient letter of its own from {@code avsender}, due now. */
    private UUID melding(String avsender) {
        UUID brev = UUID.randomUUID();
        jdbc.update("""
                insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, mottaker, mottaker_type, kanal_inn, status)
                values (?, ?, ?, 'Tittel', 'FORMELL', '974760673', 'ORGANISASJON', 'REST', 'BEHANDLET')""", brev, avsender, brev.toString());
        UUID mottakerbrev = UUID.randomUUID();
        jdbc.update("insert into mottakerbrev (id, brev_id, mottaker, status) values (?, ?, '974760673', 'SENDT')", mottakerbrev, brev);
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into statusutboks (id, mottakerbrev_id, sekvens, brev_id, avsender_system, status, melding, opprettet, neste_forsoek)
                values (?, ?, 1, ?, ?, 'SENDT', '{}', ?, ?)""", id, mottakerbrev, brev, avsender,
                Timestamp.from(naa.plusNanos(1000L * ++laget)), Timestamp.from(naa));
        return id;
    }
}
