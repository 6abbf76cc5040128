package no.kommune.esb.simulator.population;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The synthetic population: persons, addresses, KRR entries and the Folkeregisteret event feed, generated
 * deterministically from (seed, size) and changed over time by {@link #change}. Readers that need a
 * consistent view of several persons (renderers) use {@link #read}; all changes take the write lock.
 */
public final class SyntheticPopulation {

    private static final int FEED_PAGE_MAX = 1000;

    final long seed;
    private final String homeKommune;
    private final Clock clock;
    final ArrayList<SimPerson> persons = new ArrayList<>();
    private final HashMap<String, SimPerson> byId = new HashMap<>();
    final AddressBook addresses;
    private final ArrayList<FeedEvent> feed = new ArrayList<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private ChangeJournal journal;
    private long changeCounter;

    /**
     * The first person of each {@link Kind} as generated: what {@code GET /sim/admin/population/kinds/{kind}} names, for
     * tests and demos. A random change (no person named: the timer, {@code antall} changes) never picks one, so a change
     * one test makes at random cannot turn the example another test asks for into another kind of person (it did: a
     * random move or new number hit a kind's example now and then, and a later test's look-up failed). A change that
     * names such a person still applies. {@link #find} names the example while it is still of its kind, so a named change
     * to another person (a test grading someone strengt fortrolig) does not make that person the kind's example.
     */
    private final java.util.Map<Kind, SimPerson> eksempler = new java.util.EnumMap<>(Kind.class);

    private SyntheticPopulation(long seed, String homeKommune, Clock clock) {
        this.seed = seed;
        this.homeKommune = homeKommune;
        this.clock = clock;
        this.addresses = new AddressBook(homeKommune);
    }

    /** Generates {@code size} persons (a household may add one or two more) living mostly in {@code kommunenummer}. */
    public static SyntheticPopulation generate(long seed, int size, String kommunenummer, Clock clock) {
        if (size < 100) {
            throw new IllegalArgumentException("population size must be at least 100");
        }
        SyntheticPopulation pop = new SyntheticPopulation(seed, kommunenummer, clock);
        new PopulationGenerator(pop, seed, size).generate();
        LocalDate today = pop.today();
        for (Kind k : Kind.values()) {
            pop.persons.stream().filter(p -> k.matches(p, pop, today)).findFirst().ifPresent(p -> pop.eksempler.put(k, p));
        }
        return pop;
    }

    /** Replays the journal's changes, then records every later change in it. */
    public void attachJournal(ChangeJournal journal) {
        lock.writeLock().lock();
        try {
            for (ChangeJournal.Entry e : journal.read()) {
                apply(ChangeKind.valueOf(e.kind()), e.person(), e.param(), e.seed(), e.at());
            }
            this.journal = journal;
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---- reading

    /** Runs {@code reader} under the read lock, for a consistent view across persons. */
    public <T> T read(Supplier<T> reader) {
        lock.readLock().lock();
        try {
            return reader.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    public String homeKommune() {
        return homeKommune;
    }

    public long seed() {
        return seed;
    }

    public int size() {
        return read(persons::size);
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), PopulationGenerator.OSLO);
    }

    public Clock clock() {
        return clock;
    }

    /** The person with this current identifier or former D-nummer. */
    public Optional<SimPerson> byId(String id) {
        return read(() -> Optional.ofNullable(byId.get(id)));
    }

    public SimPerson person(int index) {
        return read(() -> persons.get(index));
    }

    public SimAddress address(int index) {
        return addresses.get(index);
    }

    /** Every distinct address ever used (homes, former homes, spares), in a stable order for (seed, size). */
    public List<SimAddress> addresses() {
        return read(() -> List.copyOf(addresses.all()));
    }

    /** The kind's example as generated while it is still of its kind ({@link #eksempler}), else the first person of the kind in generation order. */
    public SimPerson find(Kind kind) {
        LocalDate today = today();
        return read(() -> {
            SimPerson eksempel = eksempler.get(kind);
            if (eksempel != null && kind.matches(eksempel, this, today)) {
                return eksempel;
            }
            return persons.stream().filter(p -> kind.matches(p, this, today)).findFirst()
                    .orElseThrow(() -> new NoSuchElementException("no person of kind " + kind));
        });
    }

    public List<SimPerson> findAll(Kind kind) {
        LocalDate today = today();
        return select(p -> kind.matches(p, this, today));
    }

    /** Persons matching {@code filter}, in generation order. */
    public List<SimPerson> select(Predicate<SimPerson> filter) {
        return read(() -> persons.stream().filter(filter).toList());
    }

    /** A stable 32-hex document id for the person's current document (komplett uttrekk, arkiv). */
    public String documentId(SimPerson p) {
        return String.format("%08x%016x%08x", p.index, mix(seed, p.index), (int) mix(seed, -p.index - 1));
    }

    /** The person a {@link #documentId} points to. */
    public Optional<SimPerson> byDocumentId(String documentId) {
        if (documentId == null || documentId.length() != 32) {
            return Optional.empty();
        }
        try {
            int index = Integer.parseUnsignedInt(documentId.substring(0, 8), 16);
            return read(() -> index < persons.size() && documentId(persons.get(index)).equals(documentId)
                    ? Optional.of(persons.get(index)) : Optional.empty());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    // ---- feed

    public long lastSequence() {
        return read(() -> (long) feed.size());
    }

    /** Events from {@code fromSeq} (inclusive), at most 1000. */
    public List<FeedEvent> feed(long fromSeq, int max) {
        return read(() -> {
            int from = (int) Math.max(0, Math.min(feed.size(), fromSeq - 1));
            int to = Math.min(feed.size(), from + Math.min(max, FEED_PAGE_MAX));
            return List.copyOf(feed.subList(from, to));
        });
    }

    // ---- changes

    /**
     * Applies a change of {@code kind} to {@code personId} (or a suitable person drawn at random when null),
     * appends its events to the feed and journals it. {@code param} is kind-specific: the new grading for
     * ADRESSEBESKYTTELSE, the new responsibility (felles, mor, far, andre) for FORELDREANSVAR.
     *
     * @throws IllegalArgumentException when the person is unknown or the change does not apply to them
     * @throws IllegalStateException    when no person in the population fits the change
     */
    public ChangeResult change(ChangeKind kind, String personId, String param) {
        lock.writeLock().lock();
        try {
            long changeSeed = mix(seed, ++changeCounter + feed.size() * 7919L);
            long at = clock.millis();
            ChangeResult result = apply(kind, personId, param, changeSeed, at);
            if (journal != null) {
                journal.append(new ChangeJournal.Entry(kind.name(), lastTarget, param, changeSeed, at));
            }
            return result;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A random change of a random kind, for the timer. */
    public ChangeResult randomChange() {
        ChangeKind[] kinds = ChangeKind.values();
        SplittableRandom r = new SplittableRandom(mix(seed, clock.millis()));
        for (int i = 0; i < 10; i++) {
            try {
                return change(kinds[r.nextInt(kinds.length)], null, null);
            } catch (IllegalStateException e) {
                // no candidate for that kind right now; try another kind
            }
        }
        throw new IllegalStateException("no change applies to the population");
    }

    /** The identifier the last applied change targeted, before the change; journaled so a replay hits the same person. */
    private String lastTarget;

    private ChangeResult apply(ChangeKind kind, String personId, String param, long changeSeed, long at) {
        // separate streams for choosing the target and for the change itself, so a replay that names the target gets the same change
        SplittableRandom picker = new SplittableRandom(changeSeed);
        SplittableRandom random = new SplittableRandom(mix(changeSeed, 1));
        LocalDate date = LocalDate.ofInstant(Instant.ofEpochMilli(at), PopulationGenerator.OSLO);
        Predicate<SimPerson> eligible = eligibility(kind, date);
        SimPerson target;
        if (personId != null) {
            target = byId.get(personId);
            if (target == null) {
                throw new IllegalArgumentException("unknown person");
            }
            if (!eligible.test(target)) {
                throw new IllegalArgumentException("change " + kind + " does not apply to this person");
            }
        } else {
            target = pick(picker, eligible.and(p -> !eksempler.containsValue(p)))
                    .orElseThrow(() -> new IllegalStateException("no person fits change " + kind));
        }
        lastTarget = target.id;
        long atSec = at / 1000;
        List<FeedEvent> events = new ArrayList<>();
        switch (kind) {
            case FOEDSEL -> birth(target, random, date, atSec, at, events);
            case FLYTTING_INNEN_KOMMUNE, INNFLYTTING_TIL_KOMMUNE -> moveHousehold(target, addresses.takeVacant(homeKommune), date, atSec, at, events);
            case UTFLYTTING_FRA_KOMMUNE -> moveHousehold(target, addresses.takeVacant(addresses.outsideKommuner()
                    .get(random.nextInt(addresses.outsideKommuner().size())).nummer()), date, atSec, at, events);
            case UTVANDRING -> emigrate(target, random, date, atSec, at, events);
            case DOEDSFALL -> death(target, date, atSec, at, events);
            case ADRESSEBESKYTTELSE -> protect(target, param, random, atSec, at, events);
            case NYTT_FOEDSELSNUMMER -> newFoedselsnummer(target, random, atSec, at, events);
            case FORELDREANSVAR -> foreldreansvar(target, param, random, date, atSec, at, events);
            case NAVNEENDRING -> rename(target, random, atSec, at, events);
        }
        return new ChangeResult(kind, List.copyOf(events));
    }

    private Predicate<SimPerson> eligibility(ChangeKind kind, LocalDate date) {
        Predicate<SimPerson> alive = p -> p.status != SimPerson.Status.DOED;
        Predicate<SimPerson> adult = alive.and(p -> p.age(date) >= 18);
        Predicate<SimPerson> bosatt = p -> p.status == SimPerson.Status.BOSATT && p.address >= 0 && !p.oppholdsadresse;
        Predicate<SimPerson> home = p -> p.address >= 0 && addresses.get(p.address).kommunenummer().equals(homeKommune);
        return switch (kind) {
            case FOEDSEL -> adult.and(bosatt).and(p -> p.kvinne && p.age(date) >= 20 && p.age(date) <= 45);
            case FLYTTING_INNEN_KOMMUNE, UTFLYTTING_FRA_KOMMUNE -> adult.and(bosatt).and(home);
            case INNFLYTTING_TIL_KOMMUNE -> adult.and(bosatt).and(home.negate());
            case UTVANDRING -> adult.and(bosatt).and(p -> p.spouse < 0 && p.children.length == 0);
            case DOEDSFALL -> adult;
            case ADRESSEBESKYTTELSE -> alive.and(p -> p.address >= 0);
            case NYTT_FOEDSELSNUMMER -> alive.and(SimPerson::isDnummer);
            case FORELDREANSVAR -> alive.and(p -> p.age(date) < 18 && p.ansvar != SimPerson.Ansvar.INGEN && (p.mother >= 0 || p.father >= 0));
            case NAVNEENDRING -> adult;
        };
    }

    private Optional<SimPerson> pick(SplittableRandom random, Predicate<SimPerson> eligible) {
        int n = persons.size();
        for (int i = 0; i < 2000; i++) {
            SimPerson p = persons.get(random.nextInt(n));
            if (eligible.test(p)) {
                return Optional.of(p);
            }
        }
        int start = random.nextInt(n);
        for (int i = 0; i < n; i++) {
            SimPerson p = persons.get((start + i) % n);
            if (eligible.test(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private void birth(SimPerson mother, SplittableRandom random, LocalDate date, long atSec, long at, List<FeedEvent> events) {
        boolean kvinne = random.nextBoolean();
        SimPerson child = add(IdNumbers.generate(date, kvinne, false, random, this::isFree), kvinne, date);
        child.fornavn = (short) random.nextInt(Names.fornavnCount(kvinne));
        child.etternavn = mother.etternavn;
        child.identSince = atSec;
        child.nameSince = atSec;
        child.statusSince = atSec;
        child.address = mother.address;
        child.flyttedato = (int) date.toEpochDay();
        child.addressSince = atSec;
        child.gradering = mother.gradering;
        child.graderingSince = atSec;
        child.mother = mother.index;
        mother.children = PopulationGenerator.append(mother.children, child.index);
        SimPerson father = mother.spouse >= 0 ? persons.get(mother.spouse) : null;
        if (father != null && !father.kvinne && father.status != SimPerson.Status.DOED) {
            child.father = father.index;
            father.children = PopulationGenerator.append(father.children, child.index);
            child.ansvar = SimPerson.Ansvar.FELLES;
        } else {
            father = null;
            child.ansvar = SimPerson.Ansvar.MOR;
        }
        child.ansvarSince = atSec;
        event(child, "personErOpprettet", at, events);
        event(mother, "endringIFamilierelasjon", at, events);
        if (father != null) {
            event(father, "endringIFamilierelasjon", at, events);
        }
    }

    private void moveHousehold(SimPerson target, SimAddress to, LocalDate date, long atSec, long at, List<FeedEvent> events) {
        int from = target.address;
        List<SimPerson> household = new ArrayList<>();
        for (SimPerson p : persons) {
            if (p.address == from && p.status != SimPerson.Status.DOED && !p.oppholdsadresse) {
                household.add(p);
            }
        }
        for (SimPerson p : household) {
            p.remember(SimPerson.Entity.BOSTED, p.addressSince, atSec, new SimPerson.BostedState(p.address, false, null, p.gradering, p.flyttedato));
            p.address = to.index();
            p.flyttedato = (int) date.toEpochDay();
            p.addressSince = atSec;
            event(p, "endringIBostedsadresse", at, events);
        }
        for (SimPerson p : persons) {
            if (p.deltBosted == from) {
                p.deltBosted = to.index();
                event(p, "endringIDeltBosted", at, events);
            }
        }
        addresses.release(from);
    }

    private void emigrate(SimPerson p, SplittableRandom random, LocalDate date, long atSec, long at, List<FeedEvent> events) {
        p.remember(SimPerson.Entity.BOSTED, p.addressSince, atSec, new SimPerson.BostedState(p.address, false, null, p.gradering, p.flyttedato));
        p.remember(SimPerson.Entity.STATUS, p.statusSince, atSec, p.status);
        addresses.release(p.address);
        p.address = -1;
        p.addressSince = atSec;
        p.status = SimPerson.Status.UTFLYTTET;
        p.statusSince = atSec;
        p.utland = (short) random.nextInt(Codes.UTLAND.length);
        p.utflyttingsdato = (int) date.toEpochDay();
        event(p, "endringIUtflytting", at, events);
    }

    private void death(SimPerson p, LocalDate date, long atSec, long at, List<FeedEvent> events) {
        p.remember(SimPerson.Entity.STATUS, p.statusSince, atSec, p.status);
        p.status = SimPerson.Status.DOED;
        p.statusSince = atSec;
        p.deathDay = (int) date.toEpochDay();
        event(p, "personErDoed", at, events);
        if (p.spouse >= 0) {
            SimPerson spouse = persons.get(p.spouse);
            if (spouse.status != SimPerson.Status.DOED) {
                spouse.sivilstand = SimPerson.Sivilstand.ENKE_ELLER_ENKEMANN;
                event(spouse, "endringISivilstand", at, events);
            }
        }
        // shared parental responsibility passes to the surviving parent (example 02851798067: felles -> mor, aarsak Dødsfall);
        // sole responsibility held by the deceased is left for a court to decide, as the register has no rule for it
        for (int c : p.children) {
            SimPerson child = persons.get(c);
            int other = child.mother == p.index ? child.father : child.mother;
            if (child.status == SimPerson.Status.DOED || child.age(date) >= 18 || child.ansvar != SimPerson.Ansvar.FELLES
                    || other < 0 || persons.get(other).status == SimPerson.Status.DOED) {
                continue;
            }
            child.remember(SimPerson.Entity.FORELDREANSVAR, child.ansvarSince, atSec, new SimPerson.AnsvarState(child.ansvar, child.ansvarlig));
            child.ansvar = other == child.mother ? SimPerson.Ansvar.MOR : SimPerson.Ansvar.FAR;
            child.ansvarSince = atSec;
            event(child, "endringIForeldreansvar", at, events);
            event(persons.get(other), "endringIForeldreansvar", at, events);
        }
    }

    private void protect(SimPerson target, String param, SplittableRandom random, long atSec, long at, List<FeedEvent> events) {
        int level;
        if (param != null && !param.isBlank()) {
            level = List.of(Codes.GRADERING).indexOf(param);
            if (level < 0) {
                throw new IllegalArgumentException("gradering must be one of ugradert, klientadresse, fortrolig, strengtFortrolig");
            }
        } else {
            level = target.gradering > 0 ? 0 : 1 + random.nextInt(3);
        }
        List<SimPerson> affected = new ArrayList<>();
        affected.add(target);
        for (int c : target.children) {
            SimPerson child = persons.get(c);
            if (child.address == target.address && child.status != SimPerson.Status.DOED && child.age(LocalDate.ofEpochDay(atSec / 86400)) < 18) {
                affected.add(child);
            }
        }
        for (SimPerson p : affected) {
            p.remember(SimPerson.Entity.GRADERING, p.graderingSince, atSec, p.gradering);
            p.gradering = level;
            p.graderingSince = atSec;
            event(p, "endringIAdressebeskyttelse", at, events);
        }
    }

    private void newFoedselsnummer(SimPerson p, SplittableRandom random, long atSec, long at, List<FeedEvent> events) {
        changeId(p, IdNumbers.generate(p.foedselsdato(), p.kvinne, false, random, this::isFree), atSec);
        p.remember(SimPerson.Entity.STATUS, p.statusSince, atSec, p.status);
        p.status = SimPerson.Status.BOSATT;
        p.statusSince = atSec;
        p.oppholdsadresse = false;
        event(p, "endringIIdentifikasjonsnummer", at, events);
    }

    private void foreldreansvar(SimPerson child, String param, SplittableRandom random, LocalDate date, long atSec, long at, List<FeedEvent> events) {
        SimPerson.Ansvar next;
        if (param != null && !param.isBlank()) {
            try {
                next = SimPerson.Ansvar.valueOf(param.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("foreldreansvar must be one of felles, mor, far, andre");
            }
        } else if (child.ansvar == SimPerson.Ansvar.FELLES) {
            next = child.mother >= 0 ? SimPerson.Ansvar.MOR : SimPerson.Ansvar.FAR;
        } else if (child.mother >= 0 && child.father >= 0) {
            next = SimPerson.Ansvar.FELLES;
        } else {
            next = SimPerson.Ansvar.ANDRE;
        }
        if ((next == SimPerson.Ansvar.MOR && child.mother < 0) || (next == SimPerson.Ansvar.FAR && child.father < 0)
                || (next == SimPerson.Ansvar.FELLES && (child.mother < 0 || child.father < 0)) || next == SimPerson.Ansvar.INGEN) {
            throw new IllegalArgumentException("the child has no such parent for " + next);
        }
        child.remember(SimPerson.Entity.FORELDREANSVAR, child.ansvarSince, atSec, new SimPerson.AnsvarState(child.ansvar, child.ansvarlig));
        if (child.ansvarlig >= 0) {
            SimPerson former = persons.get(child.ansvarlig);
            former.wards = java.util.Arrays.stream(former.wards).filter(w -> w != child.index).toArray();
        }
        child.ansvar = next;
        child.ansvarlig = -1;
        if (next == SimPerson.Ansvar.ANDRE) {
            Predicate<SimPerson> guardian = p -> p.status == SimPerson.Status.BOSATT && p.address >= 0 && p.age(date) >= 25
                    && p.index != child.mother && p.index != child.father;
            SimPerson holder = pick(random, guardian).orElseThrow(() -> new IllegalStateException("no guardian available"));
            child.ansvarlig = holder.index;
            holder.wards = PopulationGenerator.append(holder.wards, child.index);
        }
        child.ansvarSince = atSec;
        event(child, "endringIForeldreansvar", at, events);
        if (child.mother >= 0) {
            event(persons.get(child.mother), "endringIForeldreansvar", at, events);
        }
        if (child.father >= 0) {
            event(persons.get(child.father), "endringIForeldreansvar", at, events);
        }
        if (child.ansvarlig >= 0) {
            event(persons.get(child.ansvarlig), "endringIForeldreansvar", at, events);
        }
    }

    private void rename(SimPerson p, SplittableRandom random, long atSec, long at, List<FeedEvent> events) {
        p.remember(SimPerson.Entity.NAVN, p.nameSince, atSec, new short[]{p.fornavn, p.mellomnavn, p.etternavn});
        short next;
        do {
            next = (short) random.nextInt(Names.etternavnCount());
        } while (next == p.etternavn);
        p.etternavn = next;
        p.nameSince = atSec;
        event(p, "endringINavn", at, events);
    }

    // ---- KRR

    /** Changes a person's KRR entry (admin endpoint; tests change KRR between dispatches). Not journaled. */
    public void updateKrr(String id, KrrUpdate u) {
        lock.writeLock().lock();
        try {
            SimPerson p = byId.get(id);
            if (p == null) {
                throw new IllegalArgumentException("unknown person");
            }
            if (u.status() != null) {
                p.krrStatus = SimPerson.KrrStatus.valueOf(u.status());
            }
            if (u.reservasjon() != null) {
                p.reservert = "JA".equals(u.reservasjon());
            }
            if (u.varslingsstatus() != null) {
                p.kanVarsles = "KAN_VARSLES".equals(u.varslingsstatus());
                if (!p.kanVarsles && u.epostadresse() == null && u.mobiltelefonnummer() == null) {
                    p.kontaktOppdatertDay = (int) today().minusMonths(19).toEpochDay();
                } else if (p.kanVarsles) {
                    p.kontaktOppdatertDay = (int) today().toEpochDay();
                }
            }
            if (u.epostadresse() != null) {
                p.harEpost = !u.epostadresse().isEmpty();
                p.epostOverride = p.harEpost ? u.epostadresse() : null;
            }
            if (u.mobiltelefonnummer() != null) {
                p.harMobil = !u.mobiltelefonnummer().isEmpty();
                p.mobilOverride = p.harMobil ? u.mobiltelefonnummer() : null;
            }
            if (u.digitalPost() != null) {
                p.digitalPost = (byte) (u.digitalPost() ? 1 : 0);
            }
            if (u.spraak() != null) {
                int s = List.of(Codes.SPRAAK).indexOf(u.spraak());
                if (s < 0) {
                    throw new IllegalArgumentException("spraak must be one of nb, nn, en, se");
                }
                p.spraak = (byte) s;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---- data quality

    /**
     * Has the register give this person's current bostedsadresse with {@code husnummer} in place of the address's own
     * (admin endpoint; null gives the address's own again): a string, as freg.yaml's type, but not necessarily a number,
     * as a register's data-quality fault would. Only this person's document changes, not the address or a household
     * member's. No feed event and not journaled.
     */
    public void settHusnummer(String id, String husnummer) {
        lock.writeLock().lock();
        try {
            SimPerson p = byId.get(id);
            if (p == null) {
                throw new IllegalArgumentException("unknown person");
            }
            p.husnummerOverride = husnummer;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Has the register give this person's document with {@code foedselsEllerDNummer} as the identity number in use (admin
     * endpoint; null gives the person's own again): e.g. one that is not a valid number, as a register's data-quality
     * fault would. The person is still found and answered under her own number. No feed event and not journaled.
     */
    public void settIdentifikasjonsnummer(String id, String foedselsEllerDNummer) {
        lock.writeLock().lock();
        try {
            SimPerson p = byId.get(id);
            if (p == null) {
                throw new IllegalArgumentException("unknown person");
            }
            p.identOverride = foedselsEllerDNummer;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The person's e-mail address in KRR, or null. */
    public String epostadresse(SimPerson p) {
        if (!p.harEpost) {
            return null;
        }
        return p.epostOverride != null ? p.epostOverride
                : ascii(p.fornavn() + "." + p.etternavn()) + "." + p.index + "@sim.example.no";
    }

    /** The person's mobile number in KRR, or null. */
    public String mobiltelefonnummer(SimPerson p) {
        if (!p.harMobil) {
            return null;
        }
        return p.mobilOverride != null ? p.mobilOverride : "+47" + (p.index % 2 == 0 ? "4" : "9") + String.format("%07d", (p.index * 7919L) % 10_000_000);
    }

    /** Digital mailbox address and provider org.nummer, or null. */
    public String[] digitalPostkasse(SimPerson p) {
        if (p.digitalPost == 0) {
            return null;
        }
        String[] provider = Codes.POSTKASSE[p.digitalPost];
        String address = ascii(p.fornavn() + "." + p.etternavn()) + "#" + Long.toString(Math.abs(mix(seed, p.index)) % 1_679_616, 36).toUpperCase(Locale.ROOT);
        return new String[]{address, provider[1]};
    }

    /** When contact data was last updated (epoch day). */
    public int kontaktOppdatertDay(SimPerson p) {
        return p.kontaktOppdatertDay;
    }

    public String spraak(SimPerson p) {
        return Codes.SPRAAK[p.spraak];
    }

    // ---- used by the generator and changes

    SimPerson add(String id, boolean kvinne, LocalDate birth) {
        SimPerson p = new SimPerson(persons.size(), id, kvinne, (int) birth.toEpochDay());
        persons.add(p);
        byId.put(id, p);
        return p;
    }

    boolean isFree(String id) {
        return !byId.containsKey(id);
    }

    void changeId(SimPerson p, String newId, long atSec) {
        p.remember(SimPerson.Entity.IDENT, p.identSince, atSec, p.id);
        p.formerDnummer = p.id;
        p.id = newId;
        p.identSince = atSec;
        byId.put(newId, p);
    }

    private void event(SimPerson p, String type, long at, List<FeedEvent> events) {
        long seq = feed.size() + 1L;
        FeedEvent e = new FeedEvent(seq, p.id, type, at, String.format("%016x%016x", mix(seed, seq * 2), mix(seed, seq * 2 + 1)),
                documentId(p));
        feed.add(e);
        events.add(e);
    }

    private static String ascii(String s) {
        return s.toLowerCase(Locale.ROOT).replace("æ", "ae").replace("ø", "o").replace("å", "aa").replaceAll("[^a-z.]", "");
    }

    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Postnummer for post boxes in the kommune. */
    public static String postboksPostnummer(String kommunenummer) {
        return AddressBook.kommune(kommunenummer).postboksPostnummer();
    }

    /** The kommune's name (Bergen, Oslo, ...), for simulators that show it. */
    public static String kommunenavn(String kommunenummer) {
        return AddressBook.kommune(kommunenummer).navn();
    }

    public static String postboksPoststed(String kommunenummer) {
        return AddressBook.kommune(kommunenummer).poststed();
    }

    /** Read-only view of all persons, for code that already holds {@link #read}. */
    public List<SimPerson> personsView() {
        return Collections.unmodifiableList(persons);
    }
}
