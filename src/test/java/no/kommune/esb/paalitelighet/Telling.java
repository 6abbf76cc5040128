package no.kommune.esb.paalitelighet;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The counts a scenario is judged by, read where they are true: the letters and recipient letters in PostgreSQL
 * (letters whose {@code ekstern_referanse} starts with the scenario's prefix) and what the SvarUt simulator received,
 * counted by {@code eksternReferanse} (the recipient letter's id, so a second forsendelse with the same reference is
 * a letter sent twice).
 */
final class Telling {

    /** States of a letter or recipient letter that still wait for the platform to act. */
    static final String AAPNE_BREV = "('MOTTATT', 'BEHANDLES', 'VENTER')";

    private final Miljoe miljoe;
    private final String prefiks;

    Telling(Miljoe miljoe, String prefiks) {
        this.miljoe = miljoe;
        this.prefiks = prefiks + "-%";
    }

    /** Letters not yet decided plus recipient letters still waiting for a send attempt. */
    long aapne() throws SQLException {
        return tall("select (select count(*) from brev where ekstern_referanse like ? and status in " + AAPNE_BREV + ")"
                + " + (select count(*) from mottakerbrev m join brev b on b.id = m.brev_id where b.ekstern_referanse like ? and m.status = 'KLAR_FOR_SENDING')",
                prefiks, prefiks);
    }

    long brev() throws SQLException {
        return tall("select count(*) from brev where ekstern_referanse like ?", prefiks);
    }

    long brevIStatus(String status) throws SQLException {
        return tall("select count(*) from brev where ekstern_referanse like ? and status = ?", prefiks, status);
    }

    /** Letters in BEHANDLES with no recipient letter yet: a batch between its claim and its decisions (look-ups). */
    long iOppslag() throws SQLException {
        return tall("select count(*) from brev b where b.ekstern_referanse like ? and b.status = 'BEHANDLES'"
                + " and not exists (select 1 from mottakerbrev m where m.brev_id = b.id)", prefiks);
    }

    long sendtTilSvarUt() throws SQLException {
        return tall("select count(*) from mottakerbrev m join brev b on b.id = m.brev_id where b.ekstern_referanse like ? and m.svarut_id is not null", prefiks);
    }

    long klarForSending() throws SQLException {
        return tall("select count(*) from mottakerbrev m join brev b on b.id = m.brev_id where b.ekstern_referanse like ? and m.status = 'KLAR_FOR_SENDING'", prefiks);
    }

    /** The full picture at the end of a scenario: {@code godtatt} are the references the intake accepted. */
    Map<String, Object> slutt(Set<String> godtatt) throws Exception {
        Map<String, Object> t = new LinkedHashMap<>();
        Set<String> iBasen = new HashSet<>();
        Map<String, Long> brevStatus = new LinkedHashMap<>();
        Map<String, Long> mottakerStatus = new LinkedHashMap<>();
        Set<String> sendt = new HashSet<>();
        long maksForsoek = 0;
        long forsoekOverEtt = 0;
        long deadLetterMottakerbrev = 0;
        try (Connection c = miljoe.db()) {
            sporring(c, "select ekstern_referanse, status from brev where ekstern_referanse like ?", rs -> {
                iBasen.add(rs.getString(1));
                brevStatus.merge(rs.getString(2), 1L, Long::sum);
            });
            long[] maks = {0, 0, 0};
            sporring(c, "select m.id::text, m.status, m.svarut_id is not null, m.forsoek from mottakerbrev m join brev b on b.id = m.brev_id where b.ekstern_referanse like ?", rs -> {
                mottakerStatus.merge(rs.getString(2), 1L, Long::sum);
                if (rs.getBoolean(3)) {
                    sendt.add(rs.getString(1));
                }
                maks[0] = Math.max(maks[0], rs.getInt(4));
                if (rs.getInt(4) > 1) {
                    maks[1]++;
                }
                if ("DEAD_LETTER".equals(rs.getString(2))) {
                    maks[2]++;
                }
            });
            maksForsoek = maks[0];
            forsoekOverEtt = maks[1];
            deadLetterMottakerbrev = maks[2];
        }
        Map<String, Integer> vedSvarUt = svarUtPerReferanse();
        long duplikater = 0;
        long sendtMenIkkeMottatt = 0;
        for (String id : sendt) {
            int n = vedSvarUt.getOrDefault(id, 0);
            if (n == 0) {
                sendtMenIkkeMottatt++;
            }
        }
        Set<String> mine = mottakerbrevIder();
        long mottattUtenSvarUtId = 0;
        for (Map.Entry<String, Integer> e : vedSvarUt.entrySet()) {
            if (mine.contains(e.getKey())) {
                duplikater += e.getValue() - 1;
                if (!sendt.contains(e.getKey())) {
                    mottattUtenSvarUtId++;
                }
            }
        }
        long ikkeIBasen = godtatt.stream().filter(r -> !iBasen.contains(r)).count();
        long aapne = aapne();
        t.put("acceptedByIntake", godtatt.size());
        t.put("lettersInDatabase", iBasen.size());
        t.put("acceptedButNotInDatabase", ikkeIBasen);
        t.put("notFinalAtEnd", aapne);
        t.put("markedSentButNotAtSvarUt", sendtMenIkkeMottatt);
        t.put("lost", ikkeIBasen + aapne + sendtMenIkkeMottatt);
        t.put("recipientLetters", mine.size());
        t.put("atSvarUtForTheseLetters", vedSvarUt.keySet().stream().filter(mine::contains).count());
        t.put("atSvarUtWithoutSvarUtIdInPlatform", mottattUtenSvarUtId);
        t.put("duplicatesAtSvarUt", duplikater);
        t.put("letterStates", brevStatus);
        t.put("recipientLetterStates", mottakerStatus);
        t.put("maxSendAttempts", maksForsoek);
        t.put("recipientLettersWithMoreThanOneAttempt", forsoekOverEtt);
        t.put("deadLetters", deadLetterMottakerbrev);
        return t;
    }

    /** Per eksternReferanse, how many forsendelser the SvarUt simulator received. */
    Map<String, Integer> svarUtPerReferanse() throws Exception {
        Map<String, Integer> n = new HashMap<>();
        for (JsonNode f : miljoe.getJson("/sim/admin/svarut/forsendelser")) {
            n.merge(f.path("eksternReferanse").asText(), 1, Integer::sum);
        }
        return n;
    }

    /** Per eksternReferanse, when the SvarUt simulator received it first, and its latest status. */
    Map<String, JsonNode> svarUtForsendelser() throws Exception {
        Map<String, JsonNode> n = new HashMap<>();
        for (JsonNode f : miljoe.getJson("/sim/admin/svarut/forsendelser")) {
            n.putIfAbsent(f.path("eksternReferanse").asText(), f);
        }
        return n;
    }

    Set<String> mottakerbrevIder() throws SQLException {
        Set<String> ider = new HashSet<>();
        try (Connection c = miljoe.db()) {
            sporring(c, "select m.id::text from mottakerbrev m join brev b on b.id = m.brev_id where b.ekstern_referanse like ?",
                    rs -> ider.add(rs.getString(1)));
        }
        return ider;
    }

    /** Per sent recipient letter: its KRR look-up time (decision evidence) and its svarut id. */
    Map<String, Instant> krrOppslagstid() throws SQLException {
        Map<String, Instant> m = new HashMap<>();
        try (Connection c = miljoe.db()) {
            sporring(c, "select m.id::text, m.grunnlag->>'oppslagstidspunkt' from mottakerbrev m join brev b on b.id = m.brev_id"
                    + " where b.ekstern_referanse like ? and m.svarut_id is not null", rs -> {
                String tid = rs.getString(2);
                m.put(rs.getString(1), tid == null ? null : tid.matches("[0-9.]+")
                        ? Instant.ofEpochMilli(Math.round(Double.parseDouble(tid) * 1000)) : Instant.parse(tid));
            });
        }
        return m;
    }

    interface Rad {
        void les(ResultSet rs) throws SQLException;
    }

    private void sporring(Connection c, String sql, Rad rad) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(1000);
            ps.setString(1, prefiks);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rad.les(rs);
                }
            }
        }
    }

    private long tall(String sql, Object... args) throws SQLException {
        try (Connection c = miljoe.db(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
