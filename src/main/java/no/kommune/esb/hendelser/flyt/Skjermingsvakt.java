package no.kommune.esb.hendelser.flyt;

import no.kommune.esb.platform.Laasnoekkel;
import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.hendelser.Dataminimering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders the screening of stored rows against the writers of new ones (DOMAIN.md rule 5, with several instances or a
 * replay or a trigger beside the fan-out). A writer of delivery rows made from a register look-up (a fan-out batch, a
 * replay, a proactive trigger's messages) may have looked a person up before the register graded her, while another
 * batch, which looked her up after, screened every stored row showing her home ({@link Adressetilbakeholding}) before
 * the first writer committed: its rows, not visible to that screening, would keep her address and be delivered.
 * So: every writer takes a value of {@code skjerming_kjent_seq} before its look-up ({@link #runde}); the screening
 * records the protected persons it met with a later value ({@code skjerming_kjent}, V72); and every writer, under one
 * PostgreSQL advisory lock ({@link #LAAS}, held to its commit, taken before the screening and before its rows are
 * written), asks for the persons another writer learnt were protected since its own value, looks those it did not see
 * so graded up again and screens for them, its own uncommitted rows included ({@link Runde#sikre}). Under the lock one of
 * two things holds for a screening and a writer: the screening committed before the writer asked (the writer finds its
 * record), or the writer committed before the screening read (the screening finds its rows). With one instance and no
 * replay or trigger running, no other writer records anything meanwhile and nothing is asked again.
 * <p>
 * The lock's order among the fan-out's locks: this one first, then {@link Personidentiteter}'s, then the registration
 * lock ({@link Leveringslager#endretSiden}); each writer takes them in that order.
 */
public final class Skjermingsvakt {

    private static final Logger log = LoggerFactory.getLogger(HendelseFordeler.class);

    /** The advisory lock between the screening and the writers' commits. */
    static final long LAAS = Laasnoekkel.av(Laasnoekkel.Slag.HENDELSER, "hendelser-skjerming");

    private final JdbcTemplate jdbc;
    private final FolkeregisterClient freg;
    private final Adressetilbakeholding tilbakeholding;
    private final MeterRegistry metrics;

    Skjermingsvakt(JdbcTemplate jdbc, FolkeregisterClient freg, Adressetilbakeholding tilbakeholding, MeterRegistry metrics) {
        this.jdbc = jdbc;
        this.freg = freg;
        this.tilbakeholding = tilbakeholding;
        this.metrics = metrics;
    }

    /** A writer's round: to be begun before its register look-up. */
    Runde runde() {
        Long start = jdbc.queryForObject("select nextval('skjerming_kjent_seq')", Long.class);
        return new Runde(start == null ? 0 : start);
    }

    /** One writer's round; {@code start} its value of the sequence, taken before its look-up. */
    public final class Runde {

        private final long start;

        private Runde(long start) {
            this.start = start;
        }

        /** Takes the lock, to its transaction's end; before the screening and before the writer's rows are written. */
        void laas() {
            jdbc.execute("select pg_advisory_xact_lock(" + LAAS + ")");
        }

        /**
         * The screening of the stored rows of the protected persons among {@code personer} ({@link
         * Adressetilbakeholding#tilbakeholdVentende}), under the lock, recorded for the writers whose look-ups came before.
         */
        void skjerm(Map<Identitetsnummer, Person> personer) {
            laas();
            registrer(tilbakeholding.tilbakeholdVentende(personer));
        }

        /**
         * After the writer's rows are written, in its transaction: the persons another writer's screening learnt were
         * protected since this round began, and that {@code sett} (the persons this round's look-up answered, empty when
         * the caller does not keep them) does not show graded so, are looked up again in one call and screened for, this
         * round's rows included. A register failure rolls the round back, as its own look-up's would.
         */
        void sikre(Map<Identitetsnummer, Person> sett) {
            laas();
            List<Map<String, Object>> kjente = jdbc.queryForList(
                    "select nummer, strengt from skjerming_kjent where kjent > ? and kilde <> ?", start, start);
            if (kjente.isEmpty()) {
                return;
            }
            Map<String, Person> somSett = new HashMap<>();
            sett.forEach((spurt, p) -> {
                if (p != null) {
                    somSett.put(spurt.value(), p);
                    if (p.id() != null) {
                        somSett.put(p.id().value(), p);
                    }
                    p.tidligereIdentiteter().forEach(t -> somSett.put(t.value(), p));
                }
            });
            Set<Identitetsnummer> paaNytt = new LinkedHashSet<>();
            for (Map<String, Object> k : kjente) {
                String nummer = (String) k.get("nummer");
                if (!settSlik(somSett.get(nummer), Boolean.TRUE.equals(k.get("strengt"))) && Identitetsnummer.isValid(nummer)) {
                    paaNytt.add(Identitetsnummer.of(nummer));
                }
            }
            if (paaNytt.isEmpty()) {
                return;
            }
            Map<Identitetsnummer, Person> naa = freg.bulkoppslag(paaNytt, Fordelingsoppslag.PARTS).alleLesbare().found();
            registrer(tilbakeholding.tilbakeholdVentende(naa));
            metrics.counter("esb.hendelser.fordeling.skjermet-paa-nytt").increment(paaNytt.size());
            log.info("{} person(s) were graded by another batch's screening while these rows were made: looked up again and screened for",
                    paaNytt.size());
        }

        /** Records the protected persons' numbers this round screened for, and deletes the records older than a day. */
        private void registrer(Map<String, Boolean> numre) {
            if (numre.isEmpty()) {
                return;
            }
            List<Object[]> rader = new ArrayList<>();
            numre.forEach((nummer, strengt) -> rader.add(new Object[]{nummer, strengt, start}));
            jdbc.batchUpdate("""
                    insert into skjerming_kjent (nummer, strengt, kjent, kilde) values (?, ?, nextval('skjerming_kjent_seq'), ?)
                    on conflict (nummer, kilde) do update set strengt = excluded.strengt, kjent = excluded.kjent, tid = now()""",
                    rader);
            jdbc.update("delete from skjerming_kjent where tid < now() - interval '1 day'");
        }
    }

    /** Whether the round's look-up saw this person protected at least as the record says ({@code strengt}: from every fagsystem). */
    static boolean settSlik(Person sett, boolean strengt) {
        return sett != null && !Dataminimering.bostedTillatt(sett, false) && (!strengt || !Dataminimering.bostedTillatt(sett, true));
    }
}
