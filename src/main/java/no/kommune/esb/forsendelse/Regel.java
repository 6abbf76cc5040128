package no.kommune.esb.forsendelse;

/**
 * The rule that decided a recipient's channel. {@link #domeneregel()} is the number of the rule in DOMAIN.md
 * ("Rules for letters"), 0 for organisations (not covered there); {@link #kode()} is stored with the decision. Rule 8
 * (no duplicates) chooses no channel: the flow keeps it with derived recipient-letter ids and SvarUt's look-up by
 * eksternReferanse before any repeated send.
 */
public enum Regel {
    R1_KRR_MANGLER(1, "R1-KRR-MANGLER",
            "Ingen KRR-svar for mottakeren, kanal velges ikke uten oppslag / no KRR answer: no channel without a lookup"),
    R2_DIGITAL(2, "R2-DIGITAL",
            "Formelt brev digitalt: ikke reservert, AKTIV og kan varsles / formal letter digitally: not reserved, active, notifiable"),
    R2_PRINT_RESERVERT(2, "R2-PRINT-RESERVERT",
            "Formelt brev på papir: reservert eller ikke aktiv i KRR / formal letter on paper: reserved or not active in KRR"),
    R2_PRINT_KAN_IKKE_VARSLES(2, "R2-PRINT-VARSLING",
            "Formelt brev på papir: kontaktinformasjon utgått eller mangler / formal letter on paper: contact data expired or missing"),
    R3_VARSEL(3, "R3-VARSEL",
            "Tjenestemelding på SMS/e-post fra KRR, også til reserverte / service message by SMS/e-mail, also to reserved persons"),
    R4_IKKE_I_FOLKEREGISTERET(4, "R4-IKKE-FUNNET",
            "Mottakeren finnes ikke i Folkeregisteret: manuell behandling / recipient not in the register: manual handling"),
    R4_ULESBAR(4, "R4-ULESBAR",
            "Folkeregisteret kjenner mottakeren, men dokumentet kan ikke leses: manuell behandling / the register knows the recipient, but her document cannot be read: manual handling"),
    R4_UKJENT_ADRESSE(4, "R4-UKJENT-ADRESSE",
            "Ingen postadresse (ukjent bosted, eller adressen kan ikke leses): manuell behandling, aldri gjetning / no postal address (unknown residence, or one that cannot be read): manual handling, never a guess"),
    R4_ADRESSE_UBRUKELIG(4, "R4-ADRESSE-UBRUKELIG",
            "Adressen kan ikke skrives som SvarUt-mottaker uten å gjette / address cannot be written as SvarUt lines without guessing"),
    R5_STRENGT_FORTROLIG_DIGITAL(5, "R5-SF-DIGITAL",
            "Strengt fortrolig: kun digitalt, uten adresse / strictly confidential: digital only, no address"),
    R5_STRENGT_FORTROLIG_MANUELL(5, "R5-SF-MANUELL",
            "Strengt fortrolig og ikke digitalt: manuelt via registermyndigheten / strictly confidential, not digital: manual via the register authority"),
    R6_DOED(6, "R6-DOED",
            "Mottakeren er død: sendes ikke, meldes tilbake / recipient deceased: not sent, reported back"),
    R7_INGEN_ANSVARLIG(7, "R7-INGEN-ANSVARLIG",
            "Ingen med foreldreansvar kan adresseres: manuell behandling / no holder of parental responsibility can be addressed: manual"),
    R7_DELT_BOSTED(7, "R7-DELT-BOSTED",
            "Delt bosted, men færre enn to med foreldreansvar: saksbehandler avgjør om begge skal ha brevet / shared residence, fewer than two holders: a case officer decides whether both get the letter"),
    ORGANISASJON(0, "ORG-DIGITAL",
            "Virksomhet: digitalt til organisasjonsnummeret / organisation: digitally to its organisation number");

    private final int domeneregel;
    private final String kode;
    private final String forklaring;

    Regel(int domeneregel, String kode, String forklaring) {
        this.domeneregel = domeneregel;
        this.kode = kode;
        this.forklaring = forklaring;
    }

    public int domeneregel() {
        return domeneregel;
    }

    public String kode() {
        return kode;
    }

    /** One line, Norwegian / English. */
    public String forklaring() {
        return forklaring;
    }
}
