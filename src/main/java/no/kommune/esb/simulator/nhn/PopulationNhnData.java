package no.kommune.esb.simulator.nhn;

import no.kommune.esb.simulator.matrikkel.SyntheticIds;
import no.kommune.esb.simulator.population.SimAddress;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * NHN's registers over the shared {@link SyntheticPopulation}: the patients are the population's persons (same
 * identity numbers and names as in Folkeregisteret), and each kommune the population lives in has a fixed set
 * of GP offices with {@value #GPS_PER_OFFICE} GPs each in Adresseregisteret — in the home kommune one office
 * per 6,000 persons (at least 3), elsewhere 2. A person's GP is drawn from their home kommune's offices (one
 * office per household address); about {@value #UTEN_FASTLEGE_PROSENT} % of persons, and everyone deceased or
 * emigrated, have none.
 * <p>HER-ids encode where they belong, so a look-up decodes them: office 8000000 + kommunenummer × 100 + office
 * number, GP 9000000 + kommunenummer × 1000 + office number × 10 + GP number.
 */
@Component
public class PopulationNhnData implements NhnData {

    static final int GPS_PER_OFFICE = 4;
    static final int UTEN_FASTLEGE_PROSENT = 5;
    private static final int OFFICE_BASE = 8_000_000;
    private static final int GP_BASE = 9_000_000;
    private static final int MAX_OFFICES = 99;
    private static final String[] KONTOR = {"Sentrum", "Fjordsida", "Bakkehaugen", "Torget", "Sjøsiden", "Lia", "Nordre", "Søndre"};
    private static final String[] FORNAVN = {"Kari", "Ola", "Ingrid", "Per", "Astrid", "Lars", "Sigrid", "Nils", "Marte", "Jon"};
    private static final String[] ETTERNAVN = {"Nordmann", "Hansen", "Berg", "Dahl", "Lie", "Haugen", "Bakke", "Moen", "Strand", "Vik"};

    private final SyntheticPopulation population;
    private final long seed;
    private final Set<String> kommuner;
    private final int homeOffices;

    public PopulationNhnData(SyntheticPopulation population) {
        this.population = population;
        this.seed = population.seed();
        Set<String> k = new TreeSet<>();
        k.add(population.homeKommune());
        population.addresses().forEach(a -> k.add(a.kommunenummer()));
        this.kommuner = Set.copyOf(k);
        this.homeOffices = Math.min(MAX_OFFICES, Math.max(3, population.size() / 6000));
    }

    private int offices(String kommunenummer) {
        return kommunenummer.equals(population.homeKommune()) ? homeOffices : 2;
    }

    @Override
    public int antallPasienter() {
        return population.size();
    }

    @Override
    public Pasient pasient(int index) {
        return pasient(population.person(index));
    }

    @Override
    public Optional<Pasient> pasient(String nin) {
        return population.byId(nin).filter(p -> p.id().equals(nin)).map(this::pasient);
    }

    @Override
    public Optional<Pasient> pasientOgsaaTidligereNummer(String nin) {
        return population.byId(nin).map(this::pasient);
    }

    private Pasient pasient(SimPerson p) {
        SimAddress a = p.addressIndex() >= 0 ? population.address(p.addressIndex()) : null;
        String kommune = a == null ? population.homeKommune() : a.kommunenummer();
        // a fortrolig or strengt fortrolig address is not handed out
        boolean visAdresse = a != null && p.graderingCode() < 2;
        return new Pasient(p.id(), p.fornavn(), p.mellomnavn(), p.etternavn(), p.foedselsdato(), p.isKvinne() ? "female" : "male", kommune,
                visAdresse ? a.adressekode() : null,
                visAdresse ? a.adressenavn() + " " + a.husnummer() + (a.husbokstav() == null ? "" : a.husbokstav()) : null,
                visAdresse ? a.postnummer() : null, visAdresse ? a.poststed() : null, fastlege(p, kommune),
                switch (p.status()) {
                    case BOSATT -> "Resident";
                    case UTFLYTTET -> "Emigrated";
                    case DOED -> "Deceased";
                    case MIDLERTIDIG -> "Temporary";
                    case IKKE_BOSATT -> "NotResident";
                },
                switch (p.graderingCode()) {
                    case 1 -> "ClientAddress";
                    case 2 -> "Confidential";
                    case 3 -> "StrictlyConfidential";
                    default -> "Unclassified";
                });
    }

    private Integer fastlege(SimPerson p, String kommune) {
        if (p.status() == SimPerson.Status.DOED || p.status() == SimPerson.Status.UTFLYTTET
                || Math.floorMod(mix(seed, p.index()), 100) < UTEN_FASTLEGE_PROSENT) {
            return null;
        }
        // one office per household address, the doctor per person
        long household = p.addressIndex() >= 0 ? p.addressIndex() : -1L - p.index();
        int office = Math.floorMod(mix(seed, 1_000_000_007L + household), offices(kommune));
        int gp = Math.floorMod(mix(seed, -1 - (long) p.index()), GPS_PER_OFFICE);
        return gpHerId(kommune, office, gp);
    }

    private static int officeHerId(String kommune, int office) {
        return OFFICE_BASE + Integer.parseInt(kommune) * 100 + office;
    }

    private static int gpHerId(String kommune, int office, int gp) {
        return GP_BASE + Integer.parseInt(kommune) * 1000 + office * 10 + gp;
    }

    @Override
    public Optional<Part> kommunikasjonspart(int herId) {
        if (herId >= GP_BASE) {
            int rest = herId - GP_BASE;
            String kommune = String.format("%04d", rest / 1000);
            int office = rest % 1000 / 10;
            int gp = rest % 10;
            return valid(kommune, office) && gp < GPS_PER_OFFICE ? Optional.of(gp(kommune, office, gp)) : Optional.empty();
        }
        if (herId >= OFFICE_BASE) {
            int rest = herId - OFFICE_BASE;
            String kommune = String.format("%04d", rest / 100);
            int office = rest % 100;
            return valid(kommune, office) ? Optional.of(office(kommune, office)) : Optional.empty();
        }
        return Optional.empty();
    }

    private boolean valid(String kommune, int office) {
        return kommuner.contains(kommune) && office < offices(kommune);
    }

    @Override
    public List<Part> kommunikasjonsparter() {
        List<Part> out = new ArrayList<>();
        for (String kommune : new TreeSet<>(kommuner)) {
            for (int o = 0; o < offices(kommune); o++) {
                out.add(office(kommune, o));
                for (int g = 0; g < GPS_PER_OFFICE; g++) {
                    out.add(gp(kommune, o, g));
                }
            }
        }
        return out;
    }

    private Part office(String kommune, int office) {
        int herId = officeHerId(kommune, office);
        String navn = KONTOR[office % KONTOR.length] + " Legesenter" + (office >= KONTOR.length ? " " + (office / KONTOR.length + 1) : "");
        return new Part(herId, "ORGANISASJON", navn, null, SyntheticIds.organisasjonsnummer(new Random(mix(seed, herId))), kommune,
                SyntheticPopulation.kommunenavn(kommune), "Legeveien " + (office + 1), SyntheticPopulation.postboksPostnummer(kommune),
                SyntheticPopulation.postboksPoststed(kommune), null);
    }

    private Part gp(String kommune, int office, int gp) {
        int herId = gpHerId(kommune, office, gp);
        Part kontor = office(kommune, office);
        long h = mix(seed, herId);
        String navn = FORNAVN[Math.floorMod(h, FORNAVN.length)] + " " + ETTERNAVN[Math.floorMod(h >>> 16, ETTERNAVN.length)];
        return new Part(herId, "PERSON", navn, kontor.herId(), null, kommune, kontor.kommunenavn(), kontor.gateadresse(), kontor.postnummer(),
                kontor.poststed(), 1_000_000 + herId - GP_BASE);
    }

    private static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
