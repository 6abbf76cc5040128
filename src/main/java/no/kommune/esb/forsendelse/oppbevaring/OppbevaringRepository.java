package no.kommune.esb.forsendelse.oppbevaring;

import no.kommune.esb.forsendelse.flyt.Mottakerstatus;
import no.kommune.esb.hendelser.flyt.HendelseLeverer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * The database side of retention: finds letters and dead letters whose retention time is over and empties their
 * content, each letter in its own transaction with a timeline row. The queries only pre-select by time and status;
 * {@link Oppbevaringsregel} decides each row, on the recipient letters locked for the deletion.
 */
@Repository
class OppbevaringRepository {

    static final String HENDELSE_DOKUMENTER_SLETTET = "DOKUMENTER_SLETTET";
    static final String HENDELSE_DEAD_LETTER_TOEMT = "DEAD_LETTER_TOEMT";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    OppbevaringRepository(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** A letter that still has document contents, whose recipient letters are all final and old enough by the database. */
    record Brevkandidat(UUID id) {
    }

    /** A dead letter that still has its payload; {@code avgjort}: when it was redriven or closed without sending (null: open). */
    record DeadLetterKandidat(UUID id, String kilde, String referanse, Instant opprettet, Instant avgjort) {
    }

    /** Up to {@code maks} letters with kept contents whose recipient letters are all final and unchanged since {@code grense}. */
    List<Brevkandidat> brevMedGamleDokumenter(Instant grense, List<String> endelige, int maks) {
        String plasser = String.join(", ", Collections.nCopies(endelige.size(), "?"));
        List<Object> args = new ArrayList<>(endelige);
        args.add(Timestamp.from(grense));
        args.add(maks);
        return jdbc.query("""
                select m.brev_id from mottakerbrev m
                where m.brev_id in (select d.brev_id from brev_dokument d where d.innhold_slettet is null)
                group by m.brev_id
                having bool_and(m.status in (%s)) and max(m.endret_tid) <= ?
                order by max(m.endret_tid) limit ?""".formatted(plasser),
                (rs, n) -> new Brevkandidat(rs.getObject(1, UUID.class)), args.toArray());
    }

    /**
     * Empties one letter's document contents when the rule still allows it on the locked rows, and adds a timeline
     * row; the number of documents emptied (0 when the letter changed in between or had nothing left).
     */
    int toemDokumenter(UUID brevId, Oppbevaringsregel regel, Instant naa) {
        Integer antall = tx.execute(status -> {
            String brevstatus = jdbc.query("select status from brev where id = ? for update", (rs, n) -> rs.getString(1), brevId)
                    .stream().findFirst().orElse(null);
            List<Mottakerstatus> statuser = new ArrayList<>();
            List<Instant> endret = new ArrayList<>();
            jdbc.query("select status, endret_tid from mottakerbrev where brev_id = ? for update", rs -> {
                statuser.add(status(rs.getString(1)));
                endret.add(rs.getTimestamp(2).toInstant());
            }, brevId);
            Instant sist = endret.stream().max(Instant::compareTo).orElse(null);
            if (!regel.dokumenterKanSlettes(brevstatus, statuser, sist, naa)) {
                return 0;
            }
            int n = jdbc.update("""
                    update brev_dokument set storrelse = octet_length(innhold), innhold = ''::bytea, innhold_slettet = now()
                    where brev_id = ? and innhold_slettet is null""", brevId);
            if (n > 0) {
                jdbc.update("insert into tidslinje (brev_id, hendelse, detalj) values (?, ?, ?)", brevId, HENDELSE_DOKUMENTER_SLETTET,
                        "innholdet i " + n + " dokument(er) slettet etter oppbevaringstiden " + regel.dokumenterEtter());
            }
            return n;
        });
        return antall == null ? 0 : antall;
    }

    /**
     * Up to {@code maks} dead letters with a payload that were redriven or closed without sending before {@code grense},
     * or, open and from one of {@code kilder}, created before it.
     */
    List<DeadLetterKandidat> gamleDeadLetters(Instant grense, List<String> kilder, int maks) {
        String plasser = String.join(", ", Collections.nCopies(kilder.size(), "?"));
        List<Object> args = new ArrayList<>();
        args.add(Timestamp.from(grense));
        args.addAll(kilder);
        args.add(Timestamp.from(grense));
        args.add(maks);
        return jdbc.query("""
                select id, kilde, referanse, opprettet, coalesce(redrevet, avsluttet) from dead_letter
                where payload is not null and payload_slettet is null
                  and (coalesce(redrevet, avsluttet) <= ? or (redrevet is null and avsluttet is null and kilde in (%s) and opprettet <= ?))
                order by opprettet limit ?""".formatted(plasser),
                (rs, n) -> new DeadLetterKandidat(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()),
                args.toArray());
    }

    /**
     * Empties a dead letter's payload; for a send dead letter (referanse = a recipient letter) the letter's timeline
     * records it. False when it was emptied in between.
     */
    boolean toemDeadLetter(DeadLetterKandidat d) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            // with the payload go the numbers of whom it named (eiere, naere: V58, a delivery's dead letter), which only
            // served the screening of that payload
            if (jdbc.update("update dead_letter set payload = null, payload_slettet = now(), eiere = null, naere = null"
                    + " where id = ? and payload_slettet is null", d.id()) != 1) {
                return false;
            }
            jdbc.update("""
                    insert into tidslinje (brev_id, mottakerbrev_id, hendelse, detalj)
                    select brev_id, id, ?, ? from mottakerbrev where id::text = ?""",
                    HENDELSE_DEAD_LETTER_TOEMT, "innholdet i dead letter " + d.id() + " slettet etter oppbevaringstiden", d.referanse());
            return true;
        }));
    }

    /**
     * Deletes up to {@code maks} register-event delivery rows finished before {@code grense}: delivered ({@code LEVERT},
     * by {@code levert}) or skipped ({@code HOPPET_OVER}, by {@code opprettet}: the table has no time of the skip), the
     * oldest first; the number deleted. Kept beyond that:
     * <ul>
     *   <li>each fagsystem's delivered row with the highest sequence number: the console's "last delivered" and its lag
     *       behind the feed are read from it;</li>
     *   <li>the finished rows of a person (under any of the person's numbers), fagsystem and message kind that also has a
     *       failed row with an open dead letter: a redrive is refused while later rows of the same kind were delivered
     *       ({@code LeveringRedriver}), and these rows tell it so.</li>
     * </ul>
     * Rows being delivered, replayed or stripped (locked) are skipped for the next run. For each deleted delivered row the
     * fagsystem's knowledge of the event's person goes to {@code levering_kjent} (V59) in the same statement: the
     * population rule asks whether a fagsystem has had a non-resident before ({@code Mottakervalg}).
     */
    int slettGamleLeveringer(Instant grense, int maks) {
        Integer n = jdbc.queryForObject("""
                with sist as (select fagsystem, max(sekvensnummer) as sekvensnummer from levering where status = 'LEVERT' group by fagsystem),
                kandidat as (
                    select l.sekvensnummer, l.fagsystem, l.melding from levering l
                      left join hendelse h on h.sekvensnummer = l.sekvensnummer
                     where l.status in ('LEVERT', 'HOPPET_OVER') and coalesce(l.levert, l.opprettet) <= ?
                       and not exists (select 1 from sist s where l.status = 'LEVERT' and s.fagsystem = l.fagsystem and s.sekvensnummer = l.sekvensnummer)
                       and not exists (select 1 from hendelse t join levering e on e.sekvensnummer = t.sekvensnummer
                                        where (t.identifikator = h.identifikator
                                               or t.identifikator in (select b.identifikator from %s))
                                          and e.fagsystem = l.fagsystem and e.melding = l.melding and e.status = 'FEILET'
                                          and exists (select 1 from dead_letter d
                                                       where d.kilde = '%s' and d.payload is not null
                                                         and d.redrevet is null and d.avsluttet is null
                                                         and d.referanse = %s))
                     order by coalesce(l.levert, l.opprettet) limit ?
                       for update of l skip locked),
                slettet as (
                    delete from levering l using kandidat k
                     where l.sekvensnummer = k.sekvensnummer and l.fagsystem = k.fagsystem and l.melding = k.melding
                    returning l.sekvensnummer, l.fagsystem, l.status),
                kjent as (
                    insert into levering_kjent (fagsystem, identifikator)
                    select distinct s.fagsystem, h.identifikator from slettet s join hendelse h on h.sekvensnummer = s.sekvensnummer
                     where s.status = 'LEVERT'
                    on conflict do nothing)
                select count(*) from slettet""".formatted(HendelseLeverer.ANDRE_NUMRE, HendelseLeverer.DEAD_LETTER_KILDE,
                HendelseLeverer.deadLetterReferanseSql("e")), Integer.class, Timestamp.from(grense), maks);
        return n == null ? 0 : n;
    }

    private static Mottakerstatus status(String navn) {
        return Arrays.stream(Mottakerstatus.values()).filter(s -> s.name().equals(navn)).findFirst().orElse(null);
    }
}
