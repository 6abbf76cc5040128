package no.kommune.esb.hendelser.flyt;

import no.kommune.esb.folkeregister.FeedHendelse;
import no.kommune.esb.folkeregister.Hendelsestype;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.Populasjonsregel;
import no.kommune.esb.hendelser.Tjenesteomraade;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Which fagsystems take which events of one fan-out round ({@link Fordelingsoppslag}): the subscription ({@link #tar})
 * and the population rule (residents of its kommune, the deceased by the kommune they lived in at the death, persons it
 * has had before until it is told they moved out, or its portfolio under any of the person's numbers;
 * {@link Populasjonsregel#forHendelse}), with what
 * the rule needs from the database read once per fagsystem and part ({@link #populasjoner}). Keeps each event's
 * receiving fagsystems, and the moves out and residents the round's deliveries tell of, which only the fan-out batch
 * stores ({@link Leveringslager#lagreUtflyttinger}). Asks no register: the persons come from the round's look-ups.
 */
final class Mottakervalg {

    private final JdbcTemplate jdbc;
    private final List<Fagsystem> fagsystemer;
    private final Fagsystem bare;
    private final LocalDate idag;
    private final Map<Long, List<Fagsystem>> mottakere = new HashMap<>();
    /** Per kommune fagsystem: the persons whose move out a delivery of this round tells of, and by which event. */
    private final Map<String, Map<String, Long>> utflyttinger = new HashMap<>();
    /** Per kommune fagsystem: the residents this round delivers to, each with the latest event that went to her. */
    private final Map<String, Map<String, Long>> bosatte = new HashMap<>();

    Mottakervalg(JdbcTemplate jdbc, List<Fagsystem> fagsystemer, Fagsystem bare, LocalDate idag) {
        this.jdbc = jdbc;
        this.fagsystemer = fagsystemer;
        this.bare = bare;
        this.idag = idag;
    }

    /** Whether the registration takes this event: a type it subscribes to, or a resync event (a person's current state). */
    static boolean tar(Fagsystem f, FeedHendelse h) {
        return f.abonnererPaa(h.type()) || ResyncKjoerer.HENDELSESTYPE.equals(h.hendelsetype());
    }

    /** {@link #tar} for a stored event's type as the register spells it (a redrive asks it before it queues a row). */
    static boolean tar(Fagsystem f, String hendelsetype) {
        return f.abonnererPaa(Hendelsestype.fromRegisterName(hendelsetype)) || ResyncKjoerer.HENDELSESTYPE.equals(hendelsetype);
    }

    /**
     * Decides which fagsystems take these events (the population rule, one query per fagsystem), handing each
     * (fagsystem, person) it decides for to {@code mottaker}, in order, so the round can put the related persons their
     * documents need in line for the next call. False when the register answered for none of their persons (nothing
     * decided, no query made).
     */
    boolean bestem(List<FeedHendelse> hendelser, Map<Identitetsnummer, Person> personer, BiConsumer<Fagsystem, Person> mottaker) {
        Map<Identitetsnummer, Person> egne = new HashMap<>();
        hendelser.stream().filter(h -> h.id() != null && personer.containsKey(h.id())).forEach(h -> egne.put(h.id(), personer.get(h.id())));
        if (egne.isEmpty()) {
            return false;
        }
        Populasjoner populasjoner = populasjoner(egne);
        for (FeedHendelse h : hendelser) {
            Person p = h.id() == null ? null : personer.get(h.id());
            if (p == null) {
                continue;
            }
            for (Fagsystem f : fagsystemer) {
                // one fagsystem named (a replay, which chose the subscribed types already; a trigger's message): the caller chose the events
                boolean vil = bare != null || tar(f, h);
                if (vil && omfatter(populasjoner, f, p, h.sekvensnummer())) {
                    mottakere.computeIfAbsent(h.sekvensnummer(), k -> new ArrayList<>()).add(f);
                    mottaker.accept(f, p);
                }
            }
        }
        return true;
    }

    /** Each decided event's receiving fagsystems, by sequence number. */
    Map<Long, List<Fagsystem>> mottakere() {
        return mottakere;
    }

    /** The fagsystems this event goes to (none when it was not decided or goes nowhere). */
    List<Fagsystem> mottakere(FeedHendelse h) {
        return mottakere.getOrDefault(h.sekvensnummer(), List.of());
    }

    /** The moves out and the residents the round's deliveries tell of. */
    Utflyttinger utflyttinger() {
        return new Utflyttinger(utflyttinger, bosatte);
    }

    /**
     * Whether the event goes to the fagsystem: a portfolio's members; for a kommune population the events' rule
     * ({@link Populasjonsregel#forHendelse}), with the moves out told before the batch and those this round tells
     * of (a person's first event outside the kommune tells it; the person's later events in the batch stay away).
     * Interne tjenester record nothing (not limited).
     */
    private boolean omfatter(Populasjoner populasjoner, Fagsystem f, Person p, long sekvensnummer) {
        String id = p.id().value();
        if (!(f.populasjon() instanceof Fagsystem.Kommune k)) {
            return populasjoner.kjente().get(f.id()).contains(id);
        }
        Long varslet = utflyttinger.getOrDefault(f.id(), Map.of()).get(id);
        if (varslet == null) {
            varslet = populasjoner.varslet().getOrDefault(f.id(), Map.of()).get(id);
        }
        Populasjonsregel.Hendelsesvalg valg = Populasjonsregel.forHendelse(f, k, p, idag, sekvensnummer,
                populasjoner.kjente().get(f.id()).contains(id), varslet);
        if (valg == Populasjonsregel.Hendelsesvalg.BOSATT && f.tjenesteomraade() != Tjenesteomraade.INTERNE_TJENESTER) {
            bosatte.computeIfAbsent(f.id(), x -> new HashMap<>()).merge(id, sekvensnummer, Math::max);
        } else if (valg == Populasjonsregel.Hendelsesvalg.UTFLYTTING) {
            utflyttinger.computeIfAbsent(f.id(), x -> new HashMap<>()).put(id, sekvensnummer);
        }
        return valg.leveres();
    }

    /**
     * Who of the batch's persons is in each fagsystem's population, decided with one query per fagsystem and batch
     * instead of one per event: the portfolio members among them, and for a kommune population the non-residents the
     * fagsystem has had deliveries for before (so it also hears that they moved out) and, of those, the ones it has
     * been told moved out (a second query, only when there are any such persons; not for interne tjenester, which
     * are not limited).
     */
    private Populasjoner populasjoner(Map<Identitetsnummer, Person> personer) {
        Map<String, Set<String>> kjente = new HashMap<>();
        Map<String, Map<String, Long>> varslet = new HashMap<>();
        // a person's rows, records and portfolio entry stand under the number she had when each was made
        boolean utenforNoen = fagsystemer.stream().anyMatch(f -> !(f.populasjon() instanceof Fagsystem.Kommune k)
                || personer.values().stream().anyMatch(p -> !k.kommunenummer().equals(p.sisteKommunenummer())));
        Map<String, Set<String>> numre = utenforNoen ? personensNumre(personer) : Map.of();
        Map<String, String> personAv = new HashMap<>();
        numre.forEach((id, n) -> n.forEach(nummer -> personAv.putIfAbsent(nummer, id)));
        for (Fagsystem f : fagsystemer) {
            if (f.populasjon() instanceof Fagsystem.Kommune k) {
                Set<String> utenbysPersoner = new HashSet<>();
                personer.values().stream().filter(p -> !k.kommunenummer().equals(p.sisteKommunenummer())).forEach(p -> utenbysPersoner.add(p.id().value()));
                String[] utenbys = alleNumre(utenbysPersoner, numre);
                // a skipped row (HOPPET_OVER: its event no longer taken after a reload) never reached the fagsystem, nor did
                // a row failed for a person the register's document of could not be read (made without knowing where she
                // lives); a delivered row the retention job deleted left its person in levering_kjent (V59)
                Set<String> hatt = new HashSet<>();
                if (utenbys.length > 0) {
                    jdbc.queryForList("""
                            select h.identifikator from levering l join hendelse h on h.sekvensnummer = l.sekvensnummer
                             where l.fagsystem = ? and h.identifikator = any(?) and l.status <> 'HOPPET_OVER'
                               and not (l.status = 'FEILET' and l.feil is not distinct from ?)
                            union
                            select identifikator from levering_kjent where fagsystem = ? and identifikator = any(?)""",
                            String.class, f.id(), utenbys, Fordelingsoppslag.PERSON_ULESBAR, f.id(), utenbys).forEach(n -> hatt.add(personAv.getOrDefault(n, n)));
                }
                kjente.put(f.id(), hatt);
                if (!hatt.isEmpty() && f.tjenesteomraade() != Tjenesteomraade.INTERNE_TJENESTER) {
                    Map<String, Long> fortalt = new HashMap<>();
                    jdbc.queryForList("select identifikator, sekvensnummer from populasjon_utflyttet where fagsystem = ? and identifikator = any(?)",
                            f.id(), (Object) alleNumre(hatt, numre)).forEach(r -> fortalt.merge(personAv.getOrDefault((String) r.get("identifikator"),
                            (String) r.get("identifikator")), ((Number) r.get("sekvensnummer")).longValue(), Math::max));
                    varslet.put(f.id(), fortalt);
                }
            } else {
                // a member under any of the person's numbers: registered by a D-nummer the fødselsnummer replaced too
                String[] alle = numre.values().stream().flatMap(Set::stream).distinct().toArray(String[]::new);
                Set<String> medlemmer = alle.length == 0 ? Set.of() : new HashSet<>(jdbc.queryForList(
                        "select identifikator from portefolje where fagsystem = ? and identifikator = any(?)", String.class, f.id(), alle));
                Set<String> med = new HashSet<>();
                numre.forEach((id, n) -> {
                    if (n.stream().anyMatch(medlemmer::contains)) {
                        med.add(id);
                    }
                });
                kjente.put(f.id(), med);
            }
        }
        return new Populasjoner(kjente, varslet);
    }

    /** Every number of these persons (numbers in use), each with her other numbers ({@link #personensNumre}). */
    private static String[] alleNumre(Set<String> personer, Map<String, Set<String>> numre) {
        return personer.stream().flatMap(id -> numre.getOrDefault(id, Set.of(id)).stream()).distinct().toArray(String[]::new);
    }

    /**
     * Every number each person is known by, by the number in use: that one, the number the event named (the register
     * answers a replaced number under the number in use), the earlier ones the look-up gave (the batch's one call with
     * history, for its identity-number changes) and those {@code personidentitet} links to any of them (learnt when the
     * number changed; one query). A portfolio registered the person by one of them; a kommune fagsystem had her rows,
     * or was told she moved out, under one of them.
     */
    private Map<String, Set<String>> personensNumre(Map<Identitetsnummer, Person> personer) {
        Map<String, Set<String>> numre = new HashMap<>();
        personer.forEach((spurt, p) -> {
            Set<String> n = numre.computeIfAbsent(p.id().value(), k -> new java.util.LinkedHashSet<>());
            n.add(p.id().value());
            n.add(spurt.value());
            p.tidligereIdentiteter().forEach(t -> n.add(t.value()));
        });
        return Personidentiteter.medKnyttede(jdbc, numre);
    }

    /**
     * What the batch's population decisions need from the database, as it was before the batch: {@code kjente}, per
     * fagsystem, the persons it has (had) outside the kommune rule (a portfolio's members; a kommune fagsystem's
     * non-residents it has had deliveries for), and {@code varslet}, per kommune fagsystem, the event that told it
     * that such a person moved out. The same for a replay: the stored feed holds every person's events (a portfolio may
     * need non-residents), so a replay of a range must not hand a kommune fagsystem the persons of other
     * municipalities, nor the later events of a person it was told moved out.
     */
    private record Populasjoner(Map<String, Set<String>> kjente, Map<String, Map<String, Long>> varslet) {
    }

    /**
     * Per kommune fagsystem, the persons outside its kommune whose move out a delivery of the batch tells of (identifikator
     * → the event's sequence number), and the residents it delivered to (a move out told before no longer holds; → the
     * latest such event's sequence number).
     * Stored by the fan-out batch only ({@link Leveringslager#lagreUtflyttinger}): a replay, a trigger's message and a new
     * minimisation make documents of events already decided, and record nothing.
     */
    record Utflyttinger(Map<String, Map<String, Long>> varslet, Map<String, Map<String, Long>> bosatte) {
    }
}
