package no.kommune.esb.simulator.matrikkel;

import no.kommune.esb.simulator.population.FeedEvent;
import no.kommune.esb.simulator.population.SimAddress;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Matrikkelen over the shared {@link SyntheticPopulation}: every address of the population lies on a property
 * unit, and the owners are the population's own persons, so a Matrikkelen owner has the identity number a
 * Folkeregisteret look-up gives.
 * <ul>
 *   <li>Each address gets gnr = adressekode − 999 (one gård per street) and bnr = husnummer.</li>
 *   <li>Owners of a home: the adult residents — a couple living together 1/2 + 1/2, otherwise the eldest adult
 *       alone. About one address in ten (and every address nobody lives in) is a rented flat owned by one of a
 *       few housing organisations.</li>
 *   <li>About one block of four neighbouring house numbers in ten is a section-divided building on one property
 *       (bnr = the block's first house number): each address of the block is one section (snr = its place in
 *       the block) owned by the household living there, and every address of the block reaches all sections.</li>
 * </ul>
 * Ids are derived from indexes (address id 300000000 + address index, unit 1000000000 / 2000000000 + address
 * index for a grunneiendom / seksjon, person owner 500000000 + person index), so look-ups decode them. Who lives
 * where is indexed again, on the next request, only after a change that moved someone (a move, emigration or death).
 */
@Component
public class PopulationMatrikkelData implements MatrikkelData {

    static final long ADRESSE_BASE = 300_000_000L;
    static final long GRUNNEIENDOM_BASE = 1_000_000_000L;
    static final long SEKSJON_BASE = 2_000_000_000L;
    static final long PERSON_BASE = 500_000_000L;
    static final long ORGANISASJON_BASE = 400_000L;
    private static final String[] FIRMA = {"Bygg og Eiendom AS", "Fjordsida Utleie AS", "Kommunale Boliger KF", "Havna Invest AS",
            "Studentsamskipnaden Boliger"};
    private static final int BLOCK = 4;
    /** Per cent of house blocks that are section-divided buildings. */
    private static final int SEKSJONERT_PROSENT = 10;
    /** Per cent of (not section-divided) homes that are rented from an organisation. */
    private static final int UTLEID_PROSENT = 10;

    /** Event types after which someone may live elsewhere, so the owners must be indexed again. */
    private static final Set<String> RESIDENCE_EVENTS = Set.of("endringIBostedsadresse", "endringIUtflytting", "personErDoed");

    private final SyntheticPopulation population;
    private final long seed;
    private final List<Eier> organisasjoner = new ArrayList<>();
    private final Map<String, Eier> organisasjonerByNummer = new HashMap<>();
    private volatile State state;
    private volatile Listing listing;

    public PopulationMatrikkelData(SyntheticPopulation population) {
        this.population = population;
        this.seed = population.seed();
        for (int k = 0; k < FIRMA.length; k++) {
            String orgnr;
            Random random = new Random(mix(seed, -1 - k));
            do {
                orgnr = SyntheticIds.organisasjonsnummer(random);
            } while (organisasjonerByNummer.containsKey(orgnr));
            Eier org = new Eier(ORGANISASJON_BASE + k, true, orgnr, null, null, FIRMA[k]);
            organisasjoner.add(org);
            organisasjonerByNummer.put(orgnr, org);
        }
    }

    /** The snapshot valid up to the feed's sequence number {@code version}. */
    private record State(long version, Snapshot snapshot) {
    }

    /** Who owns what, for one state of the population. */
    private record Snapshot(List<SimAddress> addresses, Map<String, Integer> byIdent, Map<String, Integer> byHouse,
                            long[][] owners, Map<Long, List<Long>> eide) {
    }

    /** The address list of one snapshot, kept for the address search until the population changes. */
    private record Listing(Snapshot snapshot, List<Adresse> adresser) {
    }

    private Snapshot current() {
        State st = state;
        if (st != null && st.version() == population.lastSequence()) {
            return st.snapshot();
        }
        synchronized (this) {
            st = population.read(() -> {
                State now = state;
                long version = population.lastSequence();
                if (now != null && now.version() == version) {
                    return now;
                }
                return new State(version, now == null || residenceChanged(now.version(), version) ? build() : now.snapshot());
            });
            state = st;
            return st.snapshot();
        }
    }

    /** Whether a move, emigration or death happened after sequence number {@code from}, up to {@code to}. */
    private boolean residenceChanged(long from, long to) {
        for (long seq = from + 1; seq <= to; ) {
            List<FeedEvent> page = population.feed(seq, 1000);
            if (page.isEmpty()) {
                return true;
            }
            if (page.stream().anyMatch(e -> RESIDENCE_EVENTS.contains(e.hendelsetype()))) {
                return true;
            }
            seq = page.get(page.size() - 1).sekvensnummer() + 1;
        }
        return false;
    }

    private Snapshot build() {
        List<SimAddress> addresses = population.addresses();
        int n = addresses.size();
        Map<String, Integer> byIdent = new HashMap<>(n * 2);
        Map<String, Integer> byHouse = new HashMap<>(n * 2);
        for (SimAddress a : addresses) {
            byIdent.put(identKey(a.kommunenummer(), Integer.parseInt(a.adressekode()), a.husnummer(), a.husbokstav()), a.index());
            byHouse.put(houseKey(a.kommunenummer(), a.adressekode(), a.husnummer()), a.index());
        }
        int[][] residents = adultResidents(n);
        List<SimPerson> persons = population.personsView();
        long[][] owners = new long[n][];
        Map<Long, List<Long>> eide = new HashMap<>();
        for (int i = 0; i < n; i++) {
            SimAddress a = addresses.get(i);
            boolean seksjon = seksjonert(a);
            owners[i] = owners(i, residents[i], persons, seksjon);
            long unit = (seksjon ? SEKSJON_BASE : GRUNNEIENDOM_BASE) + i;
            for (long owner : owners[i]) {
                eide.computeIfAbsent(owner, k -> new ArrayList<>()).add(unit);
            }
        }
        eide.replaceAll((owner, units) -> units.stream().sorted().toList());
        return new Snapshot(addresses, byIdent, byHouse, owners, eide);
    }

    /** Living adults whose home (not an oppholdsadresse) is the address, per address index. */
    private int[][] adultResidents(int addressCount) {
        LocalDate today = population.today();
        List<SimPerson> persons = population.personsView();
        int[] count = new int[addressCount];
        for (SimPerson p : persons) {
            if (isAdultResident(p, today)) {
                count[p.addressIndex()]++;
            }
        }
        int[][] residents = new int[addressCount][];
        for (int i = 0; i < addressCount; i++) {
            residents[i] = new int[count[i]];
            count[i] = 0;
        }
        for (SimPerson p : persons) {
            if (isAdultResident(p, today)) {
                residents[p.addressIndex()][count[p.addressIndex()]++] = p.index();
            }
        }
        return residents;
    }

    private static boolean isAdultResident(SimPerson p, LocalDate today) {
        return p.status() != SimPerson.Status.DOED && p.addressIndex() >= 0 && !p.hasOppholdsadresseOnly() && p.age(today) >= 18;
    }

    private long[] owners(int address, int[] residents, List<SimPerson> persons, boolean seksjon) {
        if (residents.length == 0 || !seksjon && Math.floorMod(mix(seed, address), 100) < UTLEID_PROSENT) {
            return new long[]{organisasjoner.get(Math.floorMod(mix(seed, -address - 1_000_000L), organisasjoner.size())).id()};
        }
        for (int r : residents) {
            int spouse = persons.get(r).spouseIndex();
            if (spouse > r && Arrays.stream(residents).anyMatch(x -> x == spouse)) {
                return new long[]{PERSON_BASE + r, PERSON_BASE + spouse};
            }
        }
        int eldest = residents[0];
        for (int r : residents) {
            if (persons.get(r).foedselsdato().isBefore(persons.get(eldest).foedselsdato())) {
                eldest = r;
            }
        }
        return new long[]{PERSON_BASE + eldest};
    }

    private boolean seksjonert(SimAddress a) {
        return Math.floorMod(mix(seed, houseKey(a.kommunenummer(), a.adressekode(), blockStart(a.husnummer())).hashCode()), 100) < SEKSJONERT_PROSENT;
    }

    private static int blockStart(int husnummer) {
        return (husnummer - 1) / BLOCK * BLOCK + 1;
    }

    /** The address indexes of a section-divided building's block, in house-number order (section 1, 2, ...). */
    private static List<Integer> block(Snapshot s, SimAddress a) {
        List<Integer> members = new ArrayList<>(BLOCK);
        int start = blockStart(a.husnummer());
        for (int h = start; h < start + BLOCK; h++) {
            Integer i = s.byHouse().get(houseKey(a.kommunenummer(), a.adressekode(), h));
            if (i != null) {
                members.add(i);
            }
        }
        return members;
    }

    private static int gardsnummer(SimAddress a) {
        return Integer.parseInt(a.adressekode()) - 999;
    }

    @Override
    public List<Adresse> adresser() {
        Snapshot s = current();
        Listing l = listing;
        if (l == null || l.snapshot() != s) {
            List<Adresse> out = new ArrayList<>(s.addresses().size());
            for (SimAddress a : s.addresses()) {
                out.add(adresse(s, a));
            }
            l = new Listing(s, List.copyOf(out));
            listing = l;
        }
        return l.adresser();
    }

    @Override
    public Optional<Adresse> adresse(String kommunenummer, int adressekode, int nummer, String bokstav) {
        Snapshot s = current();
        return Optional.ofNullable(s.byIdent().get(identKey(kommunenummer, adressekode, nummer, bokstav))).map(i -> adresse(s, s.addresses().get(i)));
    }

    @Override
    public Optional<Adresse> adresse(long adresseId) {
        Snapshot s = current();
        long i = adresseId - ADRESSE_BASE;
        return i >= 0 && i < s.addresses().size() ? Optional.of(adresse(s, s.addresses().get((int) i))) : Optional.empty();
    }

    private Adresse adresse(Snapshot s, SimAddress a) {
        boolean seksjon = seksjonert(a);
        List<Long> units = seksjon ? block(s, a).stream().map(i -> SEKSJON_BASE + i).toList() : List.of(GRUNNEIENDOM_BASE + a.index());
        return new Adresse(ADRESSE_BASE + a.index(), a.kommunenummer(), SyntheticPopulation.kommunenavn(a.kommunenummer()),
                Integer.parseInt(a.adressekode()), a.adressenavn(), a.husnummer(), a.husbokstav(), a.postnummer(), a.poststed(),
                gardsnummer(a), seksjon ? blockStart(a.husnummer()) : a.husnummer(), units);
    }

    @Override
    public Optional<Enhet> enhet(long id) {
        Snapshot s = current();
        boolean seksjon = id >= SEKSJON_BASE;
        long i = id - (seksjon ? SEKSJON_BASE : GRUNNEIENDOM_BASE);
        if (i < 0 || i >= s.addresses().size()) {
            return Optional.empty();
        }
        SimAddress a = s.addresses().get((int) i);
        if (seksjonert(a) != seksjon) {
            return Optional.empty();
        }
        long[] owners = s.owners()[(int) i];
        List<Andel> andeler = Arrays.stream(owners).mapToObj(o -> new Andel(o, 1, owners.length)).toList();
        if (!seksjon) {
            return Optional.of(new Enhet(id, "Grunneiendom", a.kommunenummer(), gardsnummer(a), a.husnummer(), 0, 0, andeler));
        }
        int snr = block(s, a).indexOf(a.index()) + 1;
        return Optional.of(new Enhet(id, "Seksjon", a.kommunenummer(), gardsnummer(a), blockStart(a.husnummer()), 0, snr, andeler));
    }

    @Override
    public Optional<Eier> eier(long id) {
        if (id >= ORGANISASJON_BASE && id < ORGANISASJON_BASE + organisasjoner.size()) {
            return Optional.of(organisasjoner.get((int) (id - ORGANISASJON_BASE)));
        }
        long i = id - PERSON_BASE;
        return i >= 0 && i < population.size() ? Optional.of(person(population.person((int) i))) : Optional.empty();
    }

    @Override
    public Optional<Eier> eierMedNummer(String nummer) {
        Eier org = organisasjonerByNummer.get(nummer);
        if (org != null) {
            return Optional.of(org);
        }
        // a replaced D-nummer is no longer the person's number in Matrikkelen
        return population.byId(nummer).filter(p -> p.id().equals(nummer)).map(PopulationMatrikkelData::person);
    }

    @Override
    public List<Long> eideEnheter(long eierId) {
        return current().eide().getOrDefault(eierId, List.of());
    }

    private static Eier person(SimPerson p) {
        String etternavn = p.etternavn();
        String fornavn = p.mellomnavn() == null ? p.fornavn() : p.fornavn() + " " + p.mellomnavn();
        return new Eier(PERSON_BASE + p.index(), false, p.id(), fornavn, etternavn, etternavn + " " + fornavn);
    }

    private static String identKey(String kommunenummer, int adressekode, int nummer, String bokstav) {
        return kommunenummer + "|" + adressekode + "|" + nummer + "|" + (bokstav == null ? "" : bokstav.toUpperCase());
    }

    private static String houseKey(String kommunenummer, String adressekode, int husnummer) {
        return kommunenummer + "|" + adressekode + "|" + husnummer;
    }

    private static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
