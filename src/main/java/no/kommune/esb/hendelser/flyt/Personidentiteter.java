package no.kommune.esb.hendelser.flyt;

import no.kommune.esb.platform.Laasnoekkel;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The numbers of a person whose identity number changed (a D-nummer replaced by a fødselsnummer), each with one key for
 * the person, in {@code personidentitet} (V45). An event's delivery row belongs to the number the event named, so a
 * person's rows stand under both numbers; the delivery rounds keep them in one order through this table ({@link
 * HendelseLeverer#PERSONENS_NUMRE}, docs/hendelser.md "A person's rows in order"). The fan-out learns the numbers
 * ({@link HendelseFordeler}), and the resync for a number changed while the feed was behind ({@link ResyncKjoerer});
 * no number is ever logged.
 */
final class Personidentiteter {

    /** Fan-out batches that store numbers take turns, so two batches never give one person two keys. */
    private static final long LAAS = Laasnoekkel.av(Laasnoekkel.Slag.HENDELSER, "hendelser-personidentitet");

    private Personidentiteter() {
    }

    /**
     * The groups of numbers a look-up's answer tells belong to one person, the number in use first: the number asked and
     * the number the register answered under (it answers an earlier number with the person under the number in use), and
     * the earlier numbers it reports ({@link Person#tidligereIdentiteter()}, given with {@code historikk}). Only groups of
     * two or more numbers: a person who never changed number has no row.
     */
    static List<Set<String>> grupper(Map<Identitetsnummer, Person> svar) {
        List<Set<String>> grupper = new ArrayList<>();
        svar.forEach((spurt, p) -> {
            if (p == null || p.id() == null) {
                return;
            }
            Set<String> numre = new LinkedHashSet<>();
            numre.add(p.id().value());
            if (spurt != null) {
                numre.add(spurt.value());
            }
            p.tidligereIdentiteter().forEach(t -> numre.add(t.value()));
            if (numre.size() > 1) {
                grupper.add(numre);
            }
        });
        return grupper;
    }

    /**
     * Stores each group's numbers under one key, in the caller's transaction: the key one of its numbers already has (the
     * lowest, when they have several: two groups learnt apart are one person, and every number of the other key moves
     * over), else the group's first number (the one in use). Asks first without the lock, so a batch that meets a person
     * it has stored before writes and waits for nothing. Returns how many numbers it stored or moved.
     */
    static int knytt(JdbcTemplate jdbc, Collection<Set<String>> grupper) {
        List<Set<String>> nye = grupper.stream().filter(g -> !lagret(jdbc, g)).toList();
        if (nye.isEmpty()) {
            return 0;
        }
        jdbc.execute("select pg_advisory_xact_lock(" + LAAS + ")");
        int endret = 0;
        for (Set<String> g : nye) {
            TreeSet<String> noekler = new TreeSet<>(noekler(jdbc, g).values());
            String person = noekler.isEmpty() ? g.iterator().next() : noekler.first();
            if (noekler.size() > 1) {
                endret += jdbc.update("update personidentitet set person = ? where person = any(?)", person,
                        (Object) noekler.tailSet(person, false).toArray(String[]::new));
            }
            endret += jdbc.update("""
                    insert into personidentitet (identifikator, person) select unnest(?::text[]), ?
                    on conflict (identifikator) do update set person = excluded.person where personidentitet.person <> excluded.person""",
                    g.toArray(String[]::new), person);
        }
        return endret;
    }

    /**
     * The other numbers stored under the same person's key as each of these numbers (only those that have any): the
     * numbers the fan-out learnt are one person's. One query; none for no numbers.
     */
    static Map<String, Set<String>> knyttede(JdbcTemplate jdbc, Collection<String> numre) {
        Map<String, Set<String>> knyttet = new HashMap<>();
        if (numre.isEmpty()) {
            return knyttet;
        }
        jdbc.query("""
                select a.identifikator, b.identifikator from personidentitet a join personidentitet b on b.person = a.person
                 where a.identifikator = any(?) and b.identifikator <> a.identifikator""",
                rs -> {
                    knyttet.computeIfAbsent(rs.getString(1), k -> new java.util.HashSet<>()).add(rs.getString(2));
                }, (Object) numre.stream().distinct().toArray(String[]::new));
        return knyttet;
    }

    /**
     * Each of these sets of numbers (one person's each, by any key) with every number {@code personidentitet} links to
     * any of them ({@link #knyttede}): one query for all. The sets given are left as they are.
     */
    static <K> Map<K, Set<String>> medKnyttede(JdbcTemplate jdbc, Map<K, Set<String>> numre) {
        Map<String, Set<String>> knyttet = knyttede(jdbc, numre.values().stream().flatMap(Set::stream).toList());
        Map<K, Set<String>> ut = new java.util.LinkedHashMap<>();
        numre.forEach((k, egne) -> {
            Set<String> alle = new java.util.LinkedHashSet<>(egne);
            egne.forEach(n -> alle.addAll(knyttet.getOrDefault(n, Set.of())));
            ut.put(k, alle);
        });
        return ut;
    }

    /** Whether every number of the group is stored, all under one key. */
    private static boolean lagret(JdbcTemplate jdbc, Set<String> gruppe) {
        Map<String, String> noekler = noekler(jdbc, gruppe);
        return noekler.size() == gruppe.size() && new java.util.HashSet<>(noekler.values()).size() == 1;
    }

    /** The stored key of each of these numbers that has one. */
    private static Map<String, String> noekler(JdbcTemplate jdbc, Set<String> numre) {
        Map<String, String> noekler = new HashMap<>();
        jdbc.query("select identifikator, person from personidentitet where identifikator = any(?)",
                rs -> {
                    noekler.put(rs.getString(1), rs.getString(2));
                }, (Object) numre.toArray(String[]::new));
        return noekler;
    }
}
