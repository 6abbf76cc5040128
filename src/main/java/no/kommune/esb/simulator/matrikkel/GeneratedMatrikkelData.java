package no.kommune.esb.simulator.matrikkel;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Default {@link MatrikkelData}: a small deterministic property register generated from a seed. Addresses
 * cycle through five ownership patterns so every case a client must handle is present:
 * sole person owner, jointly owned (two persons 1/2 + 1/2), organisation-owned, a section-divided building
 * (three sections with their own owners, reached from one address), and unequal shares (2/3 + 1/3).
 * Some persons own units at several addresses, so the reverse lookup finds more than one unit.
 */
public class GeneratedMatrikkelData implements MatrikkelData {

    private static final String[] FORNAVN = {"Kari", "Ola", "Ingrid", "Per", "Astrid", "Lars", "Sigrid", "Nils", "Marte", "Jon"};
    private static final String[] ETTERNAVN = {"Nordmann", "Hansen", "Berg", "Dahl", "Lie", "Haugen", "Bakke", "Moen", "Strand", "Vik"};
    private static final String[] GATER = {"Fjellveien", "Storgata", "Kirkegata", "Sjøgata", "Skoleveien"};
    private static final String[] FIRMA = {"Bygg og Eiendom AS", "Nordfjord Utleie AS", "Kommunale Boliger KF", "Havna Invest AS"};

    private final List<Adresse> adresser = new ArrayList<>();
    private final List<Enhet> enheter = new ArrayList<>();
    private final List<Eier> eiere = new ArrayList<>();

    public GeneratedMatrikkelData(long seed, String kommunenummer, String kommunenavn, int antallAdresser) {
        Random random = new Random(seed);
        long nextEnhet = 1_000_001L;
        long nextAdresse = 300_000_001L;
        int gnr = 10;
        for (int i = 0; i < antallAdresser; i++) {
            int gate = i % GATER.length;
            int adressekode = 1001 + gate;
            int nummer = 1 + i / GATER.length * 2;
            String bokstav = i % 7 == 6 ? "B" : null;
            List<Long> enhetIds = new ArrayList<>();
            int bnr = 1 + i;
            switch (i % 5) {
                case 0 -> enhetIds.add(enhet(nextEnhet++, "Grunneiendom", kommunenummer, gnr, bnr, 0, List.of(new Andel(person(random).id(), 1, 1))));
                case 1 -> enhetIds.add(enhet(nextEnhet++, "Grunneiendom", kommunenummer, gnr, bnr, 0,
                        List.of(new Andel(person(random).id(), 1, 2), new Andel(person(random).id(), 1, 2))));
                case 2 -> enhetIds.add(enhet(nextEnhet++, "Grunneiendom", kommunenummer, gnr, bnr, 0, List.of(new Andel(organisasjon(random).id(), 1, 1))));
                case 3 -> {
                    // the building's ground belongs to the section owners; the address reaches the sections
                    for (int snr = 1; snr <= 3; snr++) {
                        Eier eier = snr == 3 && !eiere.isEmpty() ? eiere.get(0) : person(random);
                        enhetIds.add(enhet(nextEnhet++, "Seksjon", kommunenummer, gnr, bnr, snr, List.of(new Andel(eier.id(), 1, 1))));
                    }
                }
                default -> enhetIds.add(enhet(nextEnhet++, "Grunneiendom", kommunenummer, gnr, bnr, 0,
                        List.of(new Andel(person(random).id(), 2, 3), new Andel(person(random).id(), 1, 3))));
            }
            adresser.add(new Adresse(nextAdresse++, kommunenummer, kommunenavn, adressekode, GATER[gate], nummer, bokstav,
                    String.format("%04d", 5000 + gate * 3), kommunenavn.toUpperCase(), List.copyOf(enhetIds)));
        }
    }

    private long enhet(long id, String type, String kommunenummer, int gnr, int bnr, int snr, List<Andel> andeler) {
        enheter.add(new Enhet(id, type, kommunenummer, gnr, bnr, 0, snr, andeler));
        return id;
    }

    private Eier person(Random random) {
        String fornavn = FORNAVN[random.nextInt(FORNAVN.length)];
        String etternavn = ETTERNAVN[random.nextInt(ETTERNAVN.length)];
        Eier e = new Eier(500_000L + eiere.size(), false, SyntheticIds.tenorFoedselsnummer(random), fornavn, etternavn,
                etternavn + " " + fornavn);
        eiere.add(e);
        return e;
    }

    private Eier organisasjon(Random random) {
        Eier e = new Eier(500_000L + eiere.size(), true, SyntheticIds.organisasjonsnummer(random), null, null,
                FIRMA[random.nextInt(FIRMA.length)]);
        eiere.add(e);
        return e;
    }

    @Override
    public List<Adresse> adresser() {
        return List.copyOf(adresser);
    }

    @Override
    public List<Enhet> enheter() {
        return List.copyOf(enheter);
    }

    @Override
    public List<Eier> eiere() {
        return List.copyOf(eiere);
    }
}
