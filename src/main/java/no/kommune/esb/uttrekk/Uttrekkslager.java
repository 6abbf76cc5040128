package no.kommune.esb.uttrekk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.uttrekk.Uttrekkskjoering.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The {@code uttrekk} table (V18): runs of orders and their progress. */
@Component
public class Uttrekkslager {

    private static final RowMapper<Uttrekkskjoering> RAD = (rs, i) -> new Uttrekkskjoering(
            rs.getObject("id", UUID.class), rs.getString("navn"), rs.getString("fagsystem"), rs.getString("kilde"),
            rs.getString("bestilling"), rs.getDate("dato").toLocalDate(), Status.valueOf(rs.getString("status")),
            rs.getString("jobb_id"), rs.getInt("batch_ferdig"), rs.getLong("arbeidsfil_bytes"), rs.getInt("personer_lest"),
            rs.getInt("rader"), rs.getInt("utelatt"), rs.getInt("ikke_funnet"), rs.getInt("bulkoppslag"), rs.getBoolean("alle_lest"), rs.getString("filnavn"),
            (Long) rs.getObject("fil_bytes"), rs.getTimestamp("levert") == null ? null : rs.getTimestamp("levert").toInstant(),
            rs.getInt("forsoek"), rs.getString("feil"), rs.getTimestamp("opprettet").toInstant(), rs.getInt("lesing"),
            rs.getInt("ulesbare"));

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public Uttrekkslager(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Stores a new run, BESTILT. Its file name is fixed now ({@code <navn>-<yyyyMMdd>-<first 8 of id>.<ending>}), so a
     * delivery repeated after a crash writes the same name and the earlier file is recognised, and no other run has it
     * (unique index {@code uttrekk_filnavn_unik}, V35: a run whose id begins as another's of the same order and date
     * draws a new id), so a file under the name can only be this run's own.
     */
    public UUID opprett(Uttrekksbestilling b, JsonNode bestilling, String kilde, LocalDate dato, String filending) {
        while (true) {
            UUID id = UUID.randomUUID();
            String filnavn = b.navn() + "-" + dato.format(DateTimeFormatter.BASIC_ISO_DATE) + "-" + id.toString().substring(0, 8) + "." + filending;
            // on conflict, not a caught error: the caller's transaction (the planner's) must go on after a taken name
            if (jdbc.update("""
                    insert into uttrekk (id, navn, fagsystem, kilde, bestilling, dato, status, filnavn)
                    values (?, ?, ?, ?, ?, ?, 'BESTILT', ?) on conflict do nothing""",
                    id, b.navn(), b.fagsystem(), kilde, bestilling.toString(), Date.valueOf(dato), filnavn) == 1) {
                return id;
            }
        }
    }

    public Optional<Uttrekkskjoering> finn(UUID id) {
        return jdbc.query("select * from uttrekk where id = ?", RAD, id).stream().findFirst();
    }

    /** Runs not finished, oldest first. */
    public List<UUID> aapne() {
        return jdbc.queryForList("select id from uttrekk where status in ('BESTILT', 'HENTER', 'LEVERER') order by opprettet", UUID.class);
    }

    /** The register's job is ordered: a reading from batch 0 begins now ({@code lest_fra}, V66). */
    void bestilt(UUID id, String jobbId) {
        jdbc.update("""
                update uttrekk set status = 'HENTER', jobb_id = ?, batch_ferdig = -1, arbeidsfil_bytes = 0, personer_lest = 0,
                       rader = 0, utelatt = 0, ikke_funnet = 0, bulkoppslag = 0, ulesbare = 0, alle_lest = false, lest_fra = now(), oppdatert = now()
                 where id = ?""", jobbId, id);
        slettFilpersoner(id);
    }

    /**
     * A batch is in the work file: the point a resume starts from. It resets the failed attempts of a first reading
     * only: a run read again because its delivery failed keeps counting, so a delivery that fails for good ends FEILET.
     */
    void batchFerdig(UUID id, int batch, long arbeidsfilBytes, int lest, int rader, int utelatt, int ikkeFunnet, int bulkoppslag,
                     int ulesbare) {
        jdbc.update("""
                update uttrekk set batch_ferdig = ?, arbeidsfil_bytes = ?, personer_lest = personer_lest + ?, rader = rader + ?,
                       utelatt = utelatt + ?, ikke_funnet = ikke_funnet + ?, bulkoppslag = bulkoppslag + ?, ulesbare = ulesbare + ?,
                       forsoek = case when lesing = 0 then 0 else forsoek end, feil = case when lesing = 0 then null else feil end,
                       oppdatert = now() where id = ?""",
                batch, arbeidsfilBytes, lest, rader, utelatt, ikkeFunnet, bulkoppslag, ulesbare, id);
    }

    /** When the run's present reading began ({@code lest_fra}, V66); null for a run read before V66. */
    Instant lestFra(UUID id) {
        Timestamp t = jdbc.queryForObject("select lest_fra from uttrekk where id = ?", Timestamp.class, id);
        return t == null ? null : t.toInstant();
    }

    void alleLest(UUID id) {
        jdbc.update("update uttrekk set status = 'LEVERER', alle_lest = true, oppdatert = now() where id = ?", id);
    }

    /**
     * The rows are read again from the start of the same register job (a job the register has lost is then ordered
     * again): a delivery is never repeated with rows read in an earlier round. Counts start over; attempts do not.
     */
    void lesPaaNytt(UUID id) {
        jdbc.update("""
                update uttrekk set status = 'HENTER', lesing = lesing + 1, batch_ferdig = -1, arbeidsfil_bytes = 0, personer_lest = 0,
                       rader = 0, utelatt = 0, ikke_funnet = 0, bulkoppslag = 0, ulesbare = 0, alle_lest = false, lest_fra = now(), oppdatert = now()
                 where id = ?""", id);
        slettFilpersoner(id);
    }

    /**
     * A delivered run whose kept file may show an address graded since ({@link #gradertSidenLesing}) is read again, as
     * {@link #lesPaaNytt} (the same register job; one the register has lost is ordered again): false when it is no longer
     * {@code LEVERT} (another fetch did it first). The status and the persons' deletion are one statement, so a fetch
     * never finds the run {@code LEVERT} without the persons its check needs.
     */
    boolean lesPaaNyttEtterGradering(UUID id) {
        Integer endret = jdbc.queryForObject("""
                with k as (
                  update uttrekk set status = 'HENTER', lesing = lesing + 1, batch_ferdig = -1, arbeidsfil_bytes = 0, personer_lest = 0,
                         rader = 0, utelatt = 0, ikke_funnet = 0, bulkoppslag = 0, ulesbare = 0, alle_lest = false, fil_bytes = null, levert = null,
                         lest_fra = now(), oppdatert = now()
                   where id = ? and status = 'LEVERT' and fil_slettet is null returning id),
                p as (delete from uttrekk_fil_person where uttrekk in (select id from k))
                select count(*) from k""", Integer.class, id);
        return endret != null && endret == 1;
    }

    /**
     * The persons whose home a kept file's rows may show (V66): stored for a run delivered to the API, batch by batch,
     * so that a fetch can ask whether one of them was graded since ({@link #gradertSidenLesing}). Numbers only, never logged.
     */
    void filpersoner(UUID id, Set<String> numre) {
        if (!numre.isEmpty()) {
            jdbc.update("insert into uttrekk_fil_person (uttrekk, identifikator) select ?, unnest(?::text[]) on conflict do nothing",
                    id, numre.toArray(String[]::new));
        }
    }

    /**
     * True when the kept file of this run may show an address the register has graded since its rows were read: the feed
     * brought a grading event ({@code endringIAdressebeskyttelse}, whatever the new grading: the event does not say) or a
     * resync row (events the platform never saw) for one of its persons ({@link #filpersoner}), under any of the
     * person's numbers (personidentitet), received since the reading began ({@code lest_fra}); and always for a run read
     * before V66 (no {@code lest_fra}: its persons are unknown). Set-based, by the partial index hendelse_gradering_idx:
     * the few grading events since then, each looked up by the primary key, whatever the file's size. Also true when the
     * run is no longer the delivered reading the caller read ({@code LEVERT}, reading {@code lesing}): another fetch may
     * have found a grading and sent it back to reading since, which sets {@code lest_fra} anew and deletes the persons,
     * so the question asked of the run as it is now would find nothing, and the stale file would be served
     * ({@code UttrekkHentingTest}).
     */
    boolean gradertSidenLesing(UUID id, int lesing) {
        // the type names are written out, not parameters: the partial index's predicate must be in the statement's text
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select u.status <> 'LEVERT' or u.lesing <> ? or u.lest_fra is null or exists (
                  select 1 from hendelse h
                   where h.hendelsetype in ('endringIAdressebeskyttelse', 'resync') and h.mottatt >= u.lest_fra
                     and (exists (select 1 from uttrekk_fil_person p where p.uttrekk = u.id and p.identifikator = h.identifikator)
                          or exists (select 1 from personidentitet i join personidentitet j on j.person = i.person
                                       join uttrekk_fil_person p on p.uttrekk = u.id and p.identifikator = j.identifikator
                                      where i.identifikator = h.identifikator)))
                  from uttrekk u where u.id = ?""", Boolean.class, lesing, id));
    }

    private void slettFilpersoner(UUID id) {
        jdbc.update("delete from uttrekk_fil_person where uttrekk = ?", id);
    }

    /** The register's job is gone: order again from the start. */
    void jobbBorte(UUID id) {
        jdbc.update("update uttrekk set status = 'BESTILT', jobb_id = null, oppdatert = now() where id = ?", id);
    }

    void levert(UUID id, long filBytes) {
        jdbc.update("update uttrekk set status = 'LEVERT', fil_bytes = ?, levert = now(), forsoek = 0, feil = null, oppdatert = now() where id = ?",
                filBytes, id);
    }

    /** Delivered runs whose kept file is older than {@code grense} and not yet deleted: id and file name. */
    List<Map<String, Object>> filerLevertFoer(Instant grense) {
        return jdbc.queryForList("select id, filnavn from uttrekk where status = 'LEVERT' and fil_slettet is null and levert < ?",
                Timestamp.from(grense));
    }

    /**
     * Marks the kept file of a run delivered before {@code grense} deleted, before retention deletes it: false when the
     * run is no longer that delivered run (a fetch found a grading since and sent it back to reading: the file the new
     * reading writes gets its own retention from its own delivery). After the mark no fetch sends the run back to
     * reading ({@link #lesPaaNyttEtterGradering} asks {@code fil_slettet is null}) and a fetch answers 410.
     */
    boolean merkFilSlettet(UUID id, Instant grense) {
        return jdbc.update("update uttrekk set fil_slettet = now() where id = ? and status = 'LEVERT' and fil_slettet is null and levert < ?",
                id, Timestamp.from(grense)) == 1;
    }

    /** The kept file is gone (retention, after {@link #merkFilSlettet}): so are the numbers of its persons. */
    void filSlettet(UUID id) {
        slettFilpersoner(id);
    }

    /** The marked file could not be deleted: the mark is taken back, and the next round tries again. */
    void filIkkeSlettet(UUID id) {
        jdbc.update("update uttrekk set fil_slettet = null where id = ?", id);
    }

    /** A failed attempt; the run stays where it was, or is given up after {@code maks} attempts in a row. */
    void feilet(UUID id, String grunn, int maks) {
        jdbc.update("""
                update uttrekk set forsoek = forsoek + 1, feil = ?,
                       status = case when forsoek + 1 >= ? then 'FEILET' else status end, oppdatert = now() where id = ?""",
                grunn, maks, id);
        // a run given up keeps no file to fetch: nor the numbers of its persons
        jdbc.update("delete from uttrekk_fil_person where uttrekk = ? and exists (select 1 from uttrekk where id = ? and status = 'FEILET')", id, id);
    }

    void gittOpp(UUID id, String grunn) {
        jdbc.update("update uttrekk set status = 'FEILET', feil = ?, oppdatert = now() where id = ?", grunn, id);
        slettFilpersoner(id);
    }

    Uttrekksbestilling bestilling(Uttrekkskjoering k) {
        try {
            return Uttrekksbestilling.les(json.readTree(k.bestilling()), k.navn());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored order of " + k.id() + " is not JSON", e);
        }
    }
}
