package no.kommune.esb.simulator.population;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streets and house numbers per kommune, allocated in a fixed order so the same (seed, size) always yields the
 * same addresses. Every address ever handed out stays in {@link #all()}, so a Matrikkel simulator can map each
 * one to a property unit.
 */
final class AddressBook {

    /** A kommune the population may live in: postnummer range, poststed and a postnummer for post boxes. */
    record Kommune(String nummer, String navn, int postnummerFra, int postnummerTil, String poststed, String postboksPostnummer) {
    }

    private static final List<Kommune> KNOWN = List.of(
            new Kommune("4601", "Bergen", 5003, 5098, "BERGEN", "5804"),
            new Kommune("0301", "Oslo", 150, 1295, "OSLO", "0101"),
            new Kommune("4627", "Askøy", 5300, 5310, "KLEPPESTØ", "5301"),
            new Kommune("4626", "Øygarden", 5353, 5357, "STRAUME", "5342"),
            new Kommune("5001", "Trondheim", 7010, 7099, "TRONDHEIM", "7400"),
            new Kommune("1103", "Stavanger", 4005, 4099, "STAVANGER", "4001"),
            new Kommune("3301", "Drammen", 3015, 3048, "DRAMMEN", "3001"));

    private static final String[] PREFIX = {"Fjell", "Bjørke", "Sjø", "Kirke", "Skole", "Eike", "Bakke", "Løvås",
            "Strand", "Furu", "Myr", "Nygårds", "Solheim", "Granli", "Haukeland", "Åsane", "Lyng", "Hav", "Berg", "Dal",
            "Kvarven", "Nord", "Sør", "Øvre", "Nedre", "Møller", "Smie", "Torg", "Hage", "Rosen"};
    private static final String[] SUFFIX = {"veien", "vegen", "gaten", "smauet", "bakken", "lia", "svingen", "stien",
            "tunet", "kroken"};
    private static final int HOUSES_PER_STREET = 40;

    private final String homeKommune;
    private final List<Kommune> outside;
    private final List<SimAddress> all = new ArrayList<>();
    private final Map<String, int[]> cursor = new HashMap<>();
    private final Map<String, ArrayList<Integer>> vacant = new HashMap<>();

    AddressBook(String homeKommune) {
        this.homeKommune = homeKommune;
        this.outside = KNOWN.stream().filter(k -> !k.nummer().equals(homeKommune)).limit(4).toList();
    }

    String homeKommune() {
        return homeKommune;
    }

    List<Kommune> outsideKommuner() {
        return outside;
    }

    static Kommune kommune(String nummer) {
        return KNOWN.stream().filter(k -> k.nummer().equals(nummer)).findFirst()
                .orElse(new Kommune(nummer, "Kommune " + nummer, 9900, 9989, "KOMMUNE " + nummer, "9990"));
    }

    /** A fresh address in the kommune, never handed out before. */
    SimAddress allocate(String kommunenummer) {
        int[] c = cursor.computeIfAbsent(kommunenummer, k -> new int[]{0, 0});
        int street = c[0];
        int house = c[1]++;
        if (c[1] >= HOUSES_PER_STREET) {
            c[0]++;
            c[1] = 0;
        }
        Kommune k = kommune(kommunenummer);
        String name = PREFIX[street % PREFIX.length] + SUFFIX[(street / PREFIX.length) % SUFFIX.length]
                + (street >= PREFIX.length * SUFFIX.length ? " " + (street / (PREFIX.length * SUFFIX.length) + 1) : "");
        int span = k.postnummerTil() - k.postnummerFra() + 1;
        int pn = k.postnummerFra() + (street * 7) % span;
        String postnummer = pn < 1000 ? (pn < 100 ? "00" : "0") + pn : String.valueOf(pn);
        // every seventh house has a letter, so clients meet husbokstav too
        String bokstav = house % 7 == 6 ? "A" : null;
        SimAddress a = new SimAddress(all.size(), kommunenummer, String.valueOf(1000 + street), name,
                house + 1, bokstav, postnummer, k.poststed());
        all.add(a);
        return a;
    }

    /** Adds a spare address that movers may take later. */
    void addVacant(String kommunenummer) {
        vacant.computeIfAbsent(kommunenummer, k -> new ArrayList<>()).add(allocate(kommunenummer).index());
    }

    /** A vacant address in the kommune (taken from the spares first), for someone moving in. */
    SimAddress takeVacant(String kommunenummer) {
        ArrayList<Integer> free = vacant.get(kommunenummer);
        if (free != null && !free.isEmpty()) {
            return all.get(free.remove(free.size() - 1));
        }
        return allocate(kommunenummer);
    }

    /** Marks an address as free again (everyone moved out). */
    void release(int index) {
        SimAddress a = all.get(index);
        vacant.computeIfAbsent(a.kommunenummer(), k -> new ArrayList<>()).add(index);
    }

    SimAddress get(int index) {
        return all.get(index);
    }

    List<SimAddress> all() {
        return Collections.unmodifiableList(all);
    }
}
