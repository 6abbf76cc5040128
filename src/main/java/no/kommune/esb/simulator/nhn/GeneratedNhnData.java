package no.kommune.esb.simulator.nhn;

import no.kommune.esb.simulator.matrikkel.SyntheticIds;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Default {@link NhnData} generated from a seed: three GP offices with two GPs each in Adresseregisteret, and
 * patients with valid Tenor-style identity numbers, every fifth of them without a GP.
 */
public class GeneratedNhnData implements NhnData {

    private static final String[] FORNAVN = {"Kari", "Ola", "Ingrid", "Per", "Astrid", "Lars", "Sigrid", "Nils", "Marte", "Jon"};
    private static final String[] ETTERNAVN = {"Nordmann", "Hansen", "Berg", "Dahl", "Lie", "Haugen", "Bakke", "Moen", "Strand", "Vik"};
    private static final String[] KONTOR = {"Sentrum Legesenter", "Fjordsida Legekontor", "Bakkehaugen Helsesenter"};

    private final List<Pasient> pasienter = new ArrayList<>();
    private final List<Part> parter = new ArrayList<>();

    public GeneratedNhnData(long seed, String kommunenummer, String kommunenavn, int antallPasienter) {
        Random random = new Random(seed);
        List<Integer> fastleger = new ArrayList<>();
        for (int k = 0; k < KONTOR.length; k++) {
            int kontorHerId = 80_001 + k;
            parter.add(new Part(kontorHerId, "ORGANISASJON", KONTOR[k], null, SyntheticIds.organisasjonsnummer(random), kommunenummer, kommunenavn,
                    "Legeveien " + (k + 1), String.format("%04d", 5003 + k), kommunenavn.toUpperCase(), null));
            for (int g = 0; g < 2; g++) {
                int herId = 90_001 + k * 10 + g;
                String navn = FORNAVN[random.nextInt(FORNAVN.length)] + " " + ETTERNAVN[random.nextInt(ETTERNAVN.length)];
                parter.add(new Part(herId, "PERSON", navn, kontorHerId, null, kommunenummer, kommunenavn, "Legeveien " + (k + 1),
                        String.format("%04d", 5003 + k), kommunenavn.toUpperCase(), 1_000_000 + herId));
                fastleger.add(herId);
            }
        }
        for (int i = 0; i < antallPasienter; i++) {
            String nin = SyntheticIds.tenorFoedselsnummer(random);
            int day = Integer.parseInt(nin.substring(0, 2));
            int month = Integer.parseInt(nin.substring(2, 4)) - 80;
            int yy = Integer.parseInt(nin.substring(4, 6));
            int individ = Integer.parseInt(nin.substring(6, 9));
            int year = individ >= 500 ? 2000 + yy : 1900 + yy;
            Integer gp = i % 5 == 4 ? null : fastleger.get(random.nextInt(fastleger.size()));
            pasienter.add(new Pasient(nin, FORNAVN[random.nextInt(FORNAVN.length)], null, ETTERNAVN[random.nextInt(ETTERNAVN.length)],
                    LocalDate.of(year, month, day), (nin.charAt(8) - '0') % 2 == 0 ? "female" : "male", kommunenummer,
                    "Storgata " + (1 + i), String.format("%04d", 5000 + i % 20), kommunenavn.toUpperCase(), gp));
        }
    }

    @Override
    public List<Pasient> pasienter() {
        return List.copyOf(pasienter);
    }

    @Override
    public List<Part> kommunikasjonsparter() {
        return List.copyOf(parter);
    }
}
