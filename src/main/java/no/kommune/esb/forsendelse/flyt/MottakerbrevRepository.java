package no.kommune.esb.forsendelse.flyt;


import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The processing side of recipient letters (table mottakerbrev) and their timeline rows. Claims use
 * {@code for update skip locked}, so several platform instances never take the same row.
 */
@Repository
public class MottakerbrevRepository {

    /** A recipient letter SvarUt is still working on. */
    public record Fulgt(UUID id, UUID brevId, UUID svarutId, Mottakerstatus status) {
    }

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
                select m.id, m.brev_id, m.svarut_id, m.status
                  from mottakerbrev m
                 where m.status in ('SENDT', 'AKSEPTERT', 'VARSLET', 'SENDT_DIGITALT', 'SENDT_PRINT') and m.svarut_id is not null
                 order by coalesce(m.status_spurt, m.endret_tid)
                 limit ?
                 for update of m skip locked""",
                (rs, i) -> new Fulgt(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                        Mottakerstatus.valueOf(rs.getString(4))), max);
        spurt(fulgte.stream().map(Fulgt::id).toList());
        return fulgte;
    }

    /** Marks recipient letters as asked about now, so the next rounds take the others first. */
    private void spurt(List<UUID> ider) {
        if (!ider.isEmpty()) {
            jdbc.update("update mottakerbrev set status_spurt = now() where id = any(?)", (Object) ider.toArray(UUID[]::new));
        }
    }

    /** A service message the SMS gateway or the SMTP server took, not yet final. */
    public record FulgtVarsel(UUID id, UUID brevId, Mottakerstatus status, String kanal, String varselId, String varselStatus) {
    }

    /** Service messages sent by SMS or e-mail that are not final yet, those asked about longest ago first, marked as asked. */
    @Transactional
    public List<FulgtVarsel> fulgteVarsler(int max) {
        List<FulgtVarsel> fulgte = jdbc.query("""
                select m.id, m.brev_id, m.status, m.varsel_kanal, m.varsel_id, m.varsel_status
                  from mottakerbrev m
                 where m.status = 'SENDT' and m.varsel_kanal is not null
                 order by coalesce(m.status_spurt, m.endret_tid)
                 limit ?
                 for update of m skip locked""",
                (rs, i) -> new FulgtVarsel(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        Mottakerstatus.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getString(6)), max);
        spurt(fulgte.stream().map(FulgtVarsel::id).toList());
        return fulgte;
    }

    /**
     * Records a service message's new delivery status and the platform status it maps to; when that changes, a
     * timeline row and the status message for the fagsystem.
     */
    @Transactional
    public void nyVarselstatus(UUID mottakerbrevId, UUID brevId, String kanal, String varselStatus, Mottakerstatus forrige,
                               Mottakerstatus status, Instant tid) {
        jdbc.update("update mottakerbrev set varsel_status = ?, status = ?, endret_tid = now() where id = ?",
                varselStatus, status.name(), mottakerbrevId);
        if (status != forrige) {
            tidslinje(brevId, mottakerbrevId, "STATUS", kanal + " " + varselStatus + " -> " + status.name(), tid);
            utboks.leggInn(mottakerbrevId, null, tid);
        }
    }

    /** A recipient letter's new SvarUt status, the platform status it maps to, and when SvarUt changed it. */
    public record Statusendring(UUID mottakerbrevId, UUID brevId, String svarUtStatus, Mottakerstatus status, Instant tid) {
    }

    /**
     * Records a polling round's new SvarUt statuses, each with a timeline row and its status message for the fagsystem,
     * in one transaction with a fixed number of statements (one update, one timeline statement, the outbox's two): four
     * statements and a commit per change made the status round a per-letter cost of the letter flow (docs/benchmarks.md).
     */
    @Transactional
    public void nyeStatuser(List<Statusendring> endringer) {
        if (endringer.isEmpty()) {
            return;
        }
        UUID[] ider = endringer.stream().map(Statusendring::mottakerbrevId).toArray(UUID[]::new);
        // the ids once more as an index condition: joined with unnest alone, PostgreSQL read the whole table
        jdbc.update("""
                update mottakerbrev m set svarut_status = v.svarut_status, status = v.status, endret_tid = now()
                  from unnest(?::uuid[], ?::text[], ?::text[]) as v(id, svarut_status, status) where m.id = v.id and m.id = any (?)""",
                ider, endringer.stream().map(Statusendring::svarUtStatus).toArray(String[]::new),
                endringer.stream().map(e -> e.status().name()).toArray(String[]::new), ider);
        Tidslinjerader.skriv(jdbc, "STATUS", endringer.stream().map(e -> new Tidslinjerader.Rad(e.brevId(), e.mottakerbrevId(),
                e.svarUtStatus() + " -> " + e.status().name(), e.tid() == null ? Instant.now() : e.tid())).toList());
        Map<UUID, Instant> tider = new LinkedHashMap<>();
        endringer.forEach(e -> tider.put(e.mottakerbrevId(), e.tid()));
        utboks.leggInn(tider, null);
    }

    public void tidslinje(UUID brevId, UUID mottakerbrevId, String hendelse, String detalj, Instant tid) {
        jdbc.update("insert into tidslinje (brev_id, mottakerbrev_id, tid, hendelse, detalj) values (?, ?, ?, ?, ?)",
                brevId, mottakerbrevId, Timestamp.from(tid == null ? Instant.now() : tid), hendelse, detalj);
    }
}
