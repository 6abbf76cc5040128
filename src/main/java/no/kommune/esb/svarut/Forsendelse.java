package no.kommune.esb.svarut;

import java.util.Objects;

/**
 * A letter to send through SvarUt: the metadata part of the v2 send call ({@code Forsendelse} in
 * forsendelse-send-api-v2.json) without its documents, which travel beside it as {@link Dokument}s.
 * Only the fields the platform uses are modelled. {@link #toString()} leaves out the recipient.
 *
 * @param tittel                 title shown in the recipient's inbox (≤ 1000 characters)
 * @param eksternReferanse       the platform's own unique id for this letter (≤ 100); the key for exactly-once sending
 * @param mottaker               the recipient
 * @param kunDigitalLevering     never print; SvarUt gives no feedback when no digital channel works
 * @param krevNiva4Innlogging    require level-4 login to open (documents must then be encrypted)
 * @param utskriftskonfigurasjon colour and duplex when printed; null = SvarUt's defaults
 * @param avgivendeSystem        name of the sending system (≤ 100), for statistics and support
 * @param forsendelsestype       free-text type of letter (≤ 100)
 * @param korrelasjonsid         groups related letters (≤ 100)
 * @param konteringskode         billing code (≤ 20, letters, digits, _ - . and æøå)
 */
public record Forsendelse(String tittel, String eksternReferanse, Mottaker mottaker, boolean kunDigitalLevering,
                          boolean krevNiva4Innlogging, Utskriftskonfigurasjon utskriftskonfigurasjon, String avgivendeSystem,
                          String forsendelsestype, String korrelasjonsid, String konteringskode) {

    public Forsendelse {
        Objects.requireNonNull(mottaker, "mottaker");
    }

    public static Builder builder(String tittel, String eksternReferanse, Mottaker mottaker) {
        return new Builder(tittel, eksternReferanse, mottaker);
    }

    /** May this letter end up on paper? */
    public boolean kanPrintes() {
        return !kunDigitalLevering;
    }

    @Override
    public String toString() {
        return "Forsendelse[eksternReferanse=" + eksternReferanse + ", kunDigitalLevering=" + kunDigitalLevering + "]";
    }

    /**
     * The recipient ({@code Adresse} in the contract). {@code digitalId} is the fødselsnummer/D-nummer or
     * organisation number; without it the letter can only go on paper. {@code postnummer} and {@code poststed}
     * are required unless the letter is digital only; {@code land} is left out for Norwegian addresses.
     * {@link #toString()} shows nothing personal.
     */
    public record Mottaker(String navn, String digitalId, String adresselinje1, String adresselinje2, String adresselinje3,
                           String postnummer, String poststed, String land) {

        /** A recipient reached only digitally (no postal address). */
        public static Mottaker digital(String navn, String digitalId) {
            return new Mottaker(navn, digitalId, null, null, null, null, null, null);
        }

        @Override
        public String toString() {
            return "Mottaker[digitalId=" + (digitalId == null ? "-" : "***") + ", adresse=" + (poststed == null ? "-" : "***") + "]";
        }
    }

    /** Print settings ({@code Utskriftskonfigurasjon}). */
    public record Utskriftskonfigurasjon(boolean utskriftMedFarger, boolean tosidig) {
    }

    /** Builds a {@link Forsendelse}; everything but title, external reference and recipient is optional. */
    public static final class Builder {
        private final String tittel;
        private final String eksternReferanse;
        private final Mottaker mottaker;
        private boolean kunDigitalLevering;
        private boolean krevNiva4Innlogging;
        private Utskriftskonfigurasjon utskriftskonfigurasjon;
        private String avgivendeSystem;
        private String forsendelsestype;
        private String korrelasjonsid;
        private String konteringskode;

        private Builder(String tittel, String eksternReferanse, Mottaker mottaker) {
            this.tittel = tittel;
            this.eksternReferanse = eksternReferanse;
            this.mottaker = mottaker;
        }

        public Builder kunDigitalLevering(boolean value) {
            this.kunDigitalLevering = value;
            return this;
        }

        public Builder krevNiva4Innlogging(boolean value) {
            this.krevNiva4Innlogging = value;
            return this;
        }

        public Builder utskriftskonfigurasjon(boolean utskriftMedFarger, boolean tosidig) {
            this.utskriftskonfigurasjon = new Utskriftskonfigurasjon(utskriftMedFarger, tosidig);
            return this;
        }

        public Builder avgivendeSystem(String value) {
            this.avgivendeSystem = value;
            return this;
        }

        public Builder forsendelsestype(String value) {
            this.forsendelsestype = value;
            return this;
        }

        public Builder korrelasjonsid(String value) {
            this.korrelasjonsid = value;
            return this;
        }

        public Builder konteringskode(String value) {
            this.konteringskode = value;
            return this;
        }

        public Forsendelse build() {
            return new Forsendelse(tittel, eksternReferanse, mottaker, kunDigitalLevering, krevNiva4Innlogging,
                    utskriftskonfigurasjon, avgivendeSystem, forsendelsestype, korrelasjonsid, konteringskode);
        }
    }
}
