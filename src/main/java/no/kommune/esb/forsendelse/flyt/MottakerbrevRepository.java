package no.kommune.esb.forsendelse.flyt;


import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The processing side of recipient letters (table mottakerbrev) and their timeline rows. Claims use
 * {@code for update skip locked}, so several platform instances never take the same row.
 */
@Repository
public class MottakerbrevRepository {

    /**
     * A recipient letter SvarUt is still working on; {@code manglerFra}: since when status-sok has answered without a
     * usable status for it (null while it gives one); {@code svarUtStatus}: SvarUt's status as last stored.
     */
    public record Fulgt(UUID id, UUID brevId, UUID svarutId, Mottakerstatus status, Instant manglerFra, String svarUtStatus) {
        public Fulgt(UUID id, UUID brevId, UUID svarutId, Mottakerstatus status) {
            this(id, brevId, svarutId, status, null);
        }

        public Fulgt(UUID id, UUID brevId, UUID svarutId, Mottakerstatus status, Instant manglerFra) {
            this(id, brevId, svarutId, status, manglerFra, null);
        }
    }

    /** The followed statuses ({@link Mottakerstatus#folgesISvarUt()}), as the queries name them. */
    private static final String FULGT = "('SENDT', 'AKSEPTERT', 'VARSLET', 'SENDT_DIGITALT', 'SENDT_PRINT')";

    private final JdbcTemplate jdbc;
    private final Statusutboks utboks;

    public MottakerbrevRepository(JdbcTemplate jdbc, Statusutboks utboks) {
        this.jdbc = jdbc;
        this.utboks = utboks;
    }

    /**
     * Recipient letters SvarUt has but that are not final yet, those asked about longest ago first (a letter never asked
     * counts from its last change), marked as asked now: every not-final letter comes round in turn, however many stay
     * in one state for long (ordered by the last change alone, 500 such letters were asked about every round and newer
     * letters never again).
     */
    @Transactional
    public List<Fulgt> fulgteISvarUt(int max) {
        List<Fulgt> fulgte = jdbc.query("""
                select m.id, m.brev_id, m.svarut_id, m.status, m.svarut_mangler_fra, m.svarut_status
                  from mottakerbrev m
                 where m.status in %s and m.svarut_id is not null
                 order by coalesce(m.status_spurt, m.endret_tid)
                 limit ?
                 for update of m skip locked""".formatted(FULGT),
                (rs, i) -> new Fulgt(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                        Mottakerstatus.valueOf(rs.getString(4)), rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(),
                        rs.getString(6)), max);
        spurt(fulgte.stream().map(Fulgt::id).toList());
        return fulgte;
    }

    /** Marks recipient letters as asked about now, so the next rounds take the others first. */
    private void spurt(List<UUID> ider) {
        if (!ider.isEmpty()) {
            jdbc.update("update mottakerbrev set status_spurt = now() where id = any(?)", (Object) ider.toArray(UUID[]::new));
        }
    }

    /**
     * A service message the SMS gateway or the SMTP server took, not yet final; {@code manglerFra}: since when the SMS
     * round could not learn its delivery status (null while it can).
     */
    public record FulgtVarsel(UUID id, UUID brevId, Mottakerstatus status, String kanal, String varselId, String varselStatus,
                              Instant manglerFra) {
        public FulgtVarsel(UUID id, UUID brevId, Mottakerstatus status, String kanal, String varselId, String varselStatus) {
            this(id, brevId, status, kanal, varselId, varselStatus, null);
        }
    }

    /** Service messages sent by SMS or e-mail that are not final yet, those asked about longest ago first, marked as asked. */
    @Transactional
    public List<FulgtVarsel> fulgteVarsler(int max) {
        List<FulgtVarsel> fulgte = jdbc.query("""
                select m.id, m.brev_id, m.status, m.varsel_kanal, m.varsel_id, m.varsel_status, m.varsel_mangler_fra
                  from mottakerbrev m
                 where m.status = 'SENDT' and m.varsel_kanal is not null
                 order by coalesce(m.status_spurt, m.endret_tid)
                 limit ?
                 for update of m skip locked""",
                (rs, i) -> new FulgtVarsel(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        Mottakerstatus.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant()), max);
        spurt(fulgte.stream().map(FulgtVarsel::id).toList());
        return fulgte;
    }

    /**
     * Records a service message's new delivery status and the platform status it maps to; when that changes, a
     * timeline row and the status message for the fagsystem. Only while the recipient letter is still in {@code forrige},
     * the status the round read: a writer that changed it since (a second instance's poller after its advisory lock was
     * lost, a person's action) is not overwritten with an earlier status, and the next round reads it again. Returns
     * whether it was recorded. (Before session 31 the write was unconditional: a round's stale report could take a
     * delivered message back to SENDT, and the fagsystem heard "sent" after "delivered";
     * {@code MottakerbrevStatusTest}.)
     */
    @Transactional
    public boolean nyVarselstatus(UUID mottakerbrevId, UUID brevId, String kanal, String varselStatus, Mottakerstatus forrige,
                                  Mottakerstatus status, Instant tid) {
        if (jdbc.update("update mottakerbrev set varsel_status = ?, status = ?, endret_tid = now() where id = ? and status = ?",
                varselStatus, status.name(), mottakerbrevId, forrige.name()) == 0) {
            return false;
        }
        if (status != forrige) {
            tidslinje(brevId, mottakerbrevId, "STATUS", kanal + " " + varselStatus + " -> " + status.name(), tid);
            utboks.leggInn(mottakerbrevId, null, tid);
        }
        return true;
    }

    /**
     * A recipient letter's new SvarUt status, the platform status it maps to, when SvarUt changed it, and the platform
     * status the round read ({@code forrige}): the change is recorded only while the letter is still in it.
     */
    public record Statusendring(UUID mottakerbrevId, UUID brevId, String svarUtStatus, Mottakerstatus forrige, Mottakerstatus status,
                                Instant tid) {
    }

    /**
     * Records a polling round's new SvarUt statuses, each with a timeline row and its status message for the fagsystem,
     * in one transaction with a fixed number of statements (one update, one timeline statement, the outbox's two): four
     * statements and a commit per change made the status round a per-letter cost of the letter flow (docs/benchmarks.md).
     * Only the letters still in the status the round read ({@link Statusendring#forrige()}) change, and only they get a
     * timeline row and a status message: one changed since by another writer (a second instance's poller after its
     * advisory lock was lost) is not taken back to an earlier status, and the next round asks SvarUt again. Returns how
     * many were recorded. (Before session 31 the update was unconditional: a stale round wrote AKSEPTERT over LEVERT and
     * told the fagsystem so; {@code MottakerbrevStatusTest}.)
     */
    @Transactional
    public int nyeStatuser(List<Statusendring> endringer) {
        if (endringer.isEmpty()) {
            return 0;
        }
        UUID[] ider = endringer.stream().map(Statusendring::mottakerbrevId).toArray(UUID[]::new);
        // the ids once more as an index condition: joined with unnest alone, PostgreSQL read the whole table
        Set<UUID> endret = new HashSet<>(jdbc.queryForList("""
                update mottakerbrev m set svarut_status = v.svarut_status, status = v.status, endret_tid = now()
                  from unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) as v(id, svarut_status, status, forrige)
                 where m.id = v.id and m.id = any (?) and m.status = v.forrige
                returning m.id""", UUID.class,
                ider, endringer.stream().map(Statusendring::svarUtStatus).toArray(String[]::new),
                endringer.stream().map(e -> e.status().name()).toArray(String[]::new),
                endringer.stream().map(e -> e.forrige().name()).toArray(String[]::new), ider));
        List<Statusendring> skrevet = endringer.stream().filter(e -> endret.contains(e.mottakerbrevId())).toList();
        if (skrevet.isEmpty()) {
            return 0;
        }
        Tidslinjerader.skriv(jdbc, "STATUS", skrevet.stream().map(e -> new Tidslinjerader.Rad(e.brevId(), e.mottakerbrevId(),
                e.svarUtStatus() + " -> " + e.status().name(), e.tid() == null ? Instant.now() : e.tid())).toList());
        Map<UUID, Instant> tider = new LinkedHashMap<>();
        skrevet.forEach(e -> tider.put(e.mottakerbrevId(), e.tid()));
        utboks.leggInn(tider, null);
        return skrevet.size();
    }

    /**
     * Records SvarUt statuses that changed within one platform status ({@link Statusendring#status()} is the one the
     * round read, e.g. SENDT_SDP → KLAR_FOR_MOTTAK, both SENDT_DIGITALT): the stored {@code svarut_status} only, in one
     * statement, with no timeline row and no status message (the fagsystem is told platform statuses), as an SMS's own
     * delivery status is; only while the platform status is still the one read.
     */
    public void nyeSvarUtStatuser(List<Statusendring> endringer) {
        if (endringer.isEmpty()) {
            return;
        }
        UUID[] ider = endringer.stream().map(Statusendring::mottakerbrevId).toArray(UUID[]::new);
        jdbc.update("""
                update mottakerbrev m set svarut_status = v.svarut_status
                  from unnest(?::uuid[], ?::text[], ?::text[]) as v(id, svarut_status, status)
                 where m.id = v.id and m.status = v.status and m.id = any (?)""",
                ider, endringer.stream().map(Statusendring::svarUtStatus).toArray(String[]::new),
                endringer.stream().map(e -> e.status().name()).toArray(String[]::new), ider);
    }

    /**
     * Records what a status round learnt of presence: {@code mangler} (no usable status in status-sok) are marked missing
     * from now unless already marked; {@code funnet} (a usable status again) are no longer marked.
     */
    @Transactional
    public void svarUtMangler(List<UUID> mangler, List<UUID> funnet) {
        merkMangler("svarut_mangler_fra", mangler, funnet);
    }

    /** Marks {@code mangler} missing from now in {@code kolonne} (V69, V71) unless already marked, unmarks {@code funnet}. */
    private void merkMangler(String kolonne, List<UUID> mangler, List<UUID> funnet) {
        if (!mangler.isEmpty()) {
            jdbc.update("update mottakerbrev set %1$s = now() where id = any (?) and %1$s is null".formatted(kolonne),
                    (Object) mangler.toArray(UUID[]::new));
        }
        if (!funnet.isEmpty()) {
            jdbc.update("update mottakerbrev set %1$s = null where id = any (?) and %1$s is not null".formatted(kolonne),
                    (Object) funnet.toArray(UUID[]::new));
        }
    }

    /**
     * Recipient letters status-sok has answered without a usable status for too long go to manual handling with
     * {@code grunn} (no personal data), a timeline row and a status message with {@code aarsak}; only while still followed.
     */
    @Transactional
    public int ukjentISvarUt(List<Fulgt> ukjente, java.util.function.Function<Fulgt, String> grunn, String aarsak) {
        List<UUID> endret = new java.util.ArrayList<>();
        for (Fulgt f : ukjente) {
            tilManuell(f.brevId(), f.id(), grunn.apply(f), "svarut_mangler_fra", "status in " + FULGT, endret);
        }
        utboks.leggInn(endret, aarsak, null);
        return endret.size();
    }

    /**
     * One recipient letter to manual handling with {@code tekst}, its missing mark in {@code kolonne} cleared and a
     * timeline row, when it still meets {@code vilkaar} (still followed); its id then added to {@code endret}.
     */
    private void tilManuell(UUID brevId, UUID id, String tekst, String kolonne, String vilkaar, List<UUID> endret) {
        if (jdbc.update("update mottakerbrev set status = 'MANUELL', manuell_grunn = ?, %s = null, endret_tid = now() where id = ? and %s"
                .formatted(kolonne, vilkaar), tekst, id) == 1) {
            tidslinje(brevId, id, "MANUELL", tekst, null);
            endret.add(id);
        }
    }

    /**
     * Records what an SMS round learnt: {@code mangler} (no usable delivery report) are marked from now unless already
     * marked; {@code funnet} (a report again) are no longer marked.
     */
    @Transactional
    public void varselMangler(List<UUID> mangler, List<UUID> funnet) {
        merkMangler("varsel_mangler_fra", mangler, funnet);
    }

    /**
     * Service messages whose delivery status the SMS round has not been able to learn for too long go to manual handling
     * with {@code grunn} (no personal data), a timeline row and a status message with {@code aarsak}; only while still
     * SENDT.
     */
    @Transactional
    public int ukjentVarsel(List<FulgtVarsel> ukjente, java.util.function.Function<FulgtVarsel, String> grunn, String aarsak) {
        List<UUID> endret = new java.util.ArrayList<>();
        for (FulgtVarsel f : ukjente) {
            tilManuell(f.brevId(), f.id(), grunn.apply(f), "varsel_mangler_fra", "status = 'SENDT' and varsel_kanal is not null", endret);
        }
        utboks.leggInn(endret, aarsak, null);
        return endret.size();
    }

    public void tidslinje(UUID brevId, UUID mottakerbrevId, String hendelse, String detalj, Instant tid) {
        jdbc.update("insert into tidslinje (brev_id, mottakerbrev_id, tid, hendelse, detalj) values (?, ?, ?, ?, ?)",
                brevId, mottakerbrevId, Timestamp.from(tid == null ? Instant.now() : tid), hendelse, detalj);
    }
}
