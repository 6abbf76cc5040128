package no.kommune.esb.hendelser;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The portfolios of portfolio registrations (table {@code portefolje}, filled through {@code PUT
 * /api/fagsystemer/{fagsystem}/portefolje/{ident}}). A portfolio holds a person under any of her numbers: the one it
 * registered, or one {@code personidentitet} links to it (a D-nummer the fødselsnummer replaced, learnt by the fan-out),
 * as the fan-out decides it ({@code Mottakervalg}). Extracts, look-ups and washes ask by the number in use, the earlier
 * numbers the register's answer names and the number the caller asked ({@link Populasjonsregel#iPopulasjonen}).
 */
@Component
public class Portefoljer implements Populasjonsregel.Portefolje {

    private final JdbcTemplate jdbc;

    public Portefoljer(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The numbers asked that the fagsystem's portfolio holds, under that number or one {@code personidentitet} links to
     * it; one query. Before session 30 only the number itself counted: a member registered by her D-nummer was left out
     * of extracts, look-ups and washes once the fødselsnummer replaced it.
     */
    @Override
    public Set<String> iPortefoljen(String fagsystem, List<String> identitetsnumre) {
        if (identitetsnumre.isEmpty()) {
            return Set.of();
        }
        String[] numre = identitetsnumre.toArray(String[]::new);
        return new HashSet<>(jdbc.queryForList("""
                select identifikator from portefolje where fagsystem = ? and identifikator = any(?)
                union
                select a.identifikator from personidentitet a join personidentitet b on b.person = a.person
                  join portefolje p on p.fagsystem = ? and p.identifikator = b.identifikator
                 where a.identifikator = any(?)""", String.class, fagsystem, numre, fagsystem, numre));
    }

    /**
     * The members the fagsystem registered by a D-nummer that {@code personidentitet} links to no other number: the
     * members an extract cannot know under a fødselsnummer that replaced it (the extract's look-up gives no earlier
     * numbers), so it looks them up itself. Only valid numbers (the API stores no other). One query.
     */
    public List<String> dnumreUtenKobling(String fagsystem) {
        return jdbc.queryForList("""
                select p.identifikator from portefolje p
                 where p.fagsystem = ? and substr(p.identifikator, 1, 1) between '4' and '7'
                   and not exists (select 1 from personidentitet i where i.identifikator = p.identifikator)
                 order by p.identifikator""", String.class, fagsystem);
    }

    /**
     * Per number {@code personidentitet} ties to one of the fagsystem's members registered under another number, those
     * registered numbers (a member registered by her D-nummer, under her fødselsnummer): one query.
     */
    public Map<String, Set<String>> koblede(String fagsystem) {
        Map<String, Set<String>> koblet = new HashMap<>();
        jdbc.query("""
                select b.identifikator, p.identifikator from portefolje p
                  join personidentitet a on a.identifikator = p.identifikator
                  join personidentitet b on b.person = a.person and b.identifikator <> a.identifikator
                 where p.fagsystem = ?""", (RowCallbackHandler) rs ->
                koblet.computeIfAbsent(rs.getString(1), k -> new LinkedHashSet<>()).add(rs.getString(2)), fagsystem);
        return koblet;
    }

    /**
     * The members of these portfolios whose number the fan-out has not yet asked the register about and that {@code
     * personidentitet} links to no other number (D-numbers and fødselsnumre alike): a member registered by a number the
     * register replaced before the platform read that change is known to the fan-out only once they are tied
     * ({@code Portefoljekontroll}, docs/hendelser.md "A member registered by a replaced number"). One query; each number
     * once, however many portfolios hold it; at most {@code maks}, in the order of the numbers.
     */
    public List<String> ukontrollerte(Collection<String> fagsystemer, int maks) {
        if (fagsystemer.isEmpty()) {
            return List.of();
        }
        return jdbc.queryForList("""
                select distinct p.identifikator from portefolje p
                 where p.fagsystem = any(?) and p.nummer_kontrollert is null
                   and not exists (select 1 from personidentitet i where i.identifikator = p.identifikator)
                 order by p.identifikator
                 limit ?""", String.class, fagsystemer.toArray(String[]::new), maks);
    }

    /**
     * Marks the members of these portfolios not yet asked about that {@code personidentitet} already knows (the feed or an
     * earlier check tied their number) as asked: {@link #ukontrollerte} never gives them, and until session 34 they stayed
     * unmarked for ever, so the partial index {@code portefolje_ukontrollert} kept them and every fan-out round read
     * them again. Returns how many rows it marked; with none left, an empty index scan.
     */
    public int merkKjente(Collection<String> fagsystemer) {
        if (fagsystemer.isEmpty()) {
            return 0;
        }
        return jdbc.update("""
                update portefolje p set nummer_kontrollert = now()
                 where p.fagsystem = any(?) and p.nummer_kontrollert is null
                   and exists (select 1 from personidentitet i where i.identifikator = p.identifikator)""",
                (Object) fagsystemer.toArray(String[]::new));
    }

    /** Marks these members of these portfolios as asked about ({@link #ukontrollerte}); returns how many rows it marked. */
    public int kontrollert(Collection<String> fagsystemer, Collection<String> numre) {
        if (fagsystemer.isEmpty() || numre.isEmpty()) {
            return 0;
        }
        return jdbc.update("update portefolje set nummer_kontrollert = now() where fagsystem = any(?) and identifikator = any(?) and nummer_kontrollert is null",
                fagsystemer.toArray(String[]::new), numre.toArray(String[]::new));
    }
}
