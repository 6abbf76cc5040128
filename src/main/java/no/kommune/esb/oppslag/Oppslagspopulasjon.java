package no.kommune.esb.oppslag;

import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.Populasjonsregel;
import no.kommune.esb.hendelser.Portefoljer;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.platform.Norsktid;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds look-ups and washes to the registration's population, by the rule extracts use ({@link Populasjonsregel}):
 * the main person of a look-up, each hit of a search and each washed person must be in it, unless the registration
 * is interne tjenester or opens it ({@code oppslag.utenforPopulasjonen}). Related persons are not held to it (a
 * child's parent may live elsewhere). A deceased person without a kommune in the answer costs one more call for the
 * kommune at death (kommune registrations only), as for extracts and events; a portfolio costs one query.
 */
@Component
public class Oppslagspopulasjon {

    private static final ZoneId OSLO = Norsktid.SONE;

    private final FolkeregisterClient folkeregister;
    private final Portefoljer portefoljer;
    private final Clock clock = Clock.system(OSLO);

    public Oppslagspopulasjon(FolkeregisterClient folkeregister, Portefoljer portefoljer) {
        this.folkeregister = folkeregister;
        this.portefoljer = portefoljer;
    }

    /** The persons outside the population (by their current number), and the register calls it took to tell. */
    public record Utvalg(Set<Identitetsnummer> utenfor, int registerkall) {
        static final Utvalg ALLE = new Utvalg(Set.of(), 0);

        public boolean omfatter(Person p) {
            return !utenfor.contains(p.id());
        }
    }

    /**
     * Criteria that narrow a search at the register to who may be in the population ({@link
     * Populasjonsregel#soekeavgrensning}, today's date): none when the search is not held to it.
     */
    public Map<String, String> soekeavgrensning(Fagsystem f, boolean medDoede) {
        return Populasjonsregel.soekeavgrensning(f, LocalDate.now(clock), medDoede);
    }

    /**
     * The hits that may be in the population before the register is asked about them: a portfolio registration's
     * members (one query, in the hits' order), every hit otherwise (a kommune decides on the register's answer).
     */
    public List<Identitetsnummer> forhaandsutvalg(Fagsystem f, List<Identitetsnummer> treff) {
        if (!Populasjonsregel.gjelderOppslag(f) || !(f.populasjon() instanceof Fagsystem.Portefolje) || treff.isEmpty()) {
            return treff;
        }
        Set<String> med = portefoljer.iPortefoljen(f.id(), treff.stream().map(Identitetsnummer::value).toList());
        return treff.stream().filter(id -> med.contains(id.value())).toList();
    }

    /** The persons outside the population who left Norway from it, and the register calls it took to tell. */
    public record Utvandrede(Set<Identitetsnummer> ider, int registerkall) {
        public boolean omfatter(Person p) {
            return ider.contains(p.id());
        }
    }

    /**
     * Which of these persons outside the registration's population ({@link #vurder}) left Norway from it ({@link
     * Populasjonsregel#utvandretFra}): one more bulk call per 1,000 for the emigrants within a kommune registration's
     * age range, none otherwise. A wash answers them {@code UTVANDRET} without data, a look-up {@link Personsvar#utvandret}.
     */
    public Utvandrede utvandret(Fagsystem f, Collection<Person> utenfor) {
        LocalDate idag = LocalDate.now(clock);
        Map<Identitetsnummer, Person> mulige = new LinkedHashMap<>();
        utenfor.stream().filter(p -> Populasjonsregel.kanHaUtvandretFra(f, p, idag)).forEach(p -> mulige.putIfAbsent(p.id(), p));
        if (mulige.isEmpty()) {
            return new Utvandrede(Set.of(), 0);
        }
        Map<Identitetsnummer, String> kommuner = folkeregister.kommuneVedUtflytting(mulige.keySet());
        Set<Identitetsnummer> ider = new HashSet<>();
        mulige.forEach((id, p) -> {
            if (Populasjonsregel.utvandretFra(f, p, kommuner.get(id), idag)) {
                ider.add(id);
            }
        });
        return new Utvandrede(ider, FolkeregisterClient.bulkkall(mulige.size(), folkeregister.bulkSize()));
    }

    /** Which of these persons, as the register answered them, the registration may not look up or wash. */
    public Utvalg vurder(Fagsystem f, Collection<Person> personer) {
        return vurder(f, personer, Map.of());
    }

    /**
     * As {@link #vurder(Fagsystem, Collection)}, with the numbers the caller asked, each with the person the register
     * answered for it ({@code spurt}): a portfolio holds her under the number asked too (a member registered by her
     * D-nummer, asked by it, whom the register answers under her fødselsnummer), as under her earlier numbers.
     */
    public Utvalg vurder(Fagsystem f, Collection<Person> personer, Map<Identitetsnummer, Person> spurt) {
        if (!Populasjonsregel.gjelderOppslag(f) || personer.isEmpty()) {
            return Utvalg.ALLE;
        }
        Map<Identitetsnummer, Person> etterId = new LinkedHashMap<>();
        personer.forEach(p -> etterId.putIfAbsent(p.id(), p));
        int[] kall = {0};
        Map<Identitetsnummer, Person> vurderes = etterId;
        if (f.populasjon() instanceof Fagsystem.Kommune) {
            // the answer has no history, so a deceased person has no kommune: the kommune at death decides, as for extracts
            vurderes = FolkeregisterClient.medKommuneVedDoedsfall(etterId, doede -> {
                kall[0] += FolkeregisterClient.bulkkall(doede.size(), folkeregister.bulkSize());
                return folkeregister.kommuneVedDoedsfall(doede);
            });
        }
        // by the person's number in use: the kommune at death may have given another Person for her
        Map<Identitetsnummer, Set<Identitetsnummer>> spurtSom = new java.util.HashMap<>();
        spurt.forEach((id, p) -> {
            if (p != null && p.id() != null) {
                spurtSom.computeIfAbsent(p.id(), k -> new java.util.LinkedHashSet<>()).add(id);
            }
        });
        List<Person> inne = Populasjonsregel.iPopulasjonen(List.copyOf(vurderes.values()), f, LocalDate.now(clock), portefoljer,
                p -> spurtSom.getOrDefault(p.id(), Set.of()));
        Set<Identitetsnummer> utenfor = new HashSet<>(etterId.keySet());
        inne.forEach(p -> utenfor.remove(p.id()));
        return new Utvalg(utenfor, kall[0]);
    }
}
