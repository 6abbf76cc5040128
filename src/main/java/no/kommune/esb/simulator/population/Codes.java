package no.kommune.esb.simulator.population;

/** Code tables shared by the population and the renderers. */
public final class Codes {

    /** Folkeregisteret's adressegradering values, indexed by {@link SimPerson#graderingCode()}. */
    public static final String[] GRADERING = {"ugradert", "klientadresse", "fortrolig", "strengtFortrolig"};

    /** Citizenships (ISO 3166 alpha-3) by code; 0 is Norwegian. */
    public static final String[] STATSBORGERSKAP = {"NOR", "SWE", "POL", "LTU", "DEU", "UKR", "ESP"};

    /** Countries people emigrate to: alpha-3 for utflytting, alpha-2 as in the examples' utenlandskAdresse, a city. */
    public static final String[][] UTLAND = {{"SWE", "SE", "Göteborg"}, {"ESP", "ES", "Alicante"}, {"USA", "US", "Seattle"},
            {"DNK", "DK", "Aarhus"}, {"GBR", "GB", "Aberdeen"}};

    /** Digital mailbox providers: name and org.nummer of the postkasseleverandør. */
    public static final String[][] POSTKASSE = {{}, {"digipost", "984661185"}, {"eboks", "922020175"}};

    public static final String[] SPRAAK = {"nb", "nn", "en", "se"};

    private Codes() {
    }
}
