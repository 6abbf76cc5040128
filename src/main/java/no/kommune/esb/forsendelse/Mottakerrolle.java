package no.kommune.esb.forsendelse;

/**
 * Why a person receives the letter. For a letter about a child, the role names the kind of parental
 * responsibility the recipient holds; {@link #suffiks()} extends the letter's eksternReferanse per recipient.
 */
public enum Mottakerrolle {
    /** The letter's own addressee (a letter not about a child). */
    MOTTAKER(""),
    MOR("MOR"),
    FAR("FAR"),
    MEDMOR("MEDMOR"),
    /** Holds joint responsibility, but the child's family relations do not say which parent this is. */
    FORELDER("FORELDER"),
    /** Holds responsibility as {@code andre} (someone other than a parent). */
    ANNEN_ANSVARLIG("ANNEN");

    private final String suffiks;

    Mottakerrolle(String suffiks) {
        this.suffiks = suffiks;
    }

    public String suffiks() {
        return suffiks;
    }
}
