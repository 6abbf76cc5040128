package no.kommune.esb.model;

import java.util.List;

/**
 * A property unit from Matrikkelen: its matrikkelnummer, what kind of unit it is, and its registered owners
 * with their shares. A section-divided building has one unit per section (seksjonsnummer &gt; 0).
 */
public record Matrikkelenhet(long matrikkelenhetId, Matrikkelnummer matrikkelnummer, Type type, List<Eierandel> eiere) {

    /** The kind of unit, as Matrikkelen types it. */
    public enum Type { GRUNNEIENDOM, FESTEGRUNN, SEKSJON, ANLEGGSEIENDOM, JORDSAMEIE, ANNEN }

    public Matrikkelenhet {
        eiere = List.copyOf(eiere);
    }

    /** kommunenummer-gnr/bnr/fnr/snr; the identity of a unit (kommunenummer 4 digits). */
    public record Matrikkelnummer(String kommunenummer, int gardsnummer, int bruksnummer, int festenummer, int seksjonsnummer) {

        /** "3007-12/345/0/2" style, the way case systems usually print it. */
        public String tekst() {
            return kommunenummer + "-" + gardsnummer + "/" + bruksnummer + "/" + festenummer + "/" + seksjonsnummer;
        }
    }

    /**
     * One owner with a share (teller/nevner; a sole owner has 1/1), or with an unknown share: both null, when Matrikkelen
     * gave none (the contract's {@code andel} is optional). An unknown share is never made 1/1.
     */
    public record Eierandel(Eier eier, Long teller, Long nevner) {

        public Eierandel {
            if ((teller == null) != (nevner == null)) {
                throw new IllegalArgumentException("a share has both teller and nevner, or neither");
            }
            if (teller != null && !gyldig(teller, nevner)) {
                // a nevner of 0 is a division by zero in every fagsystem that reckons with it (since the closing notes of session 32)
                throw new IllegalArgumentException("a share needs 0 <= teller <= nevner and nevner > 0");
            }
        }

        /** Whether teller/nevner is a share of a whole: a nevner above 0, a teller from 0 up to the nevner. */
        public static boolean gyldig(long teller, long nevner) {
            return nevner > 0 && teller >= 0 && teller <= nevner;
        }

        public Eierandel(Eier eier, long teller, long nevner) {
            this(eier, Long.valueOf(teller), Long.valueOf(nevner));
        }

        /** An owner whose share Matrikkelen did not give. */
        public static Eierandel utenAndel(Eier eier) {
            return new Eierandel(eier, null, null);
        }

        /** "teller/nevner", or empty when the share is unknown. */
        public java.util.Optional<String> andel() {
            return teller == null ? java.util.Optional.empty() : java.util.Optional.of(teller + "/" + nevner);
        }
    }

    @Override
    public String toString() {
        return "Matrikkelenhet[" + matrikkelnummer.tekst() + ", " + type + ", eiere=" + eiere + "]";
    }
}
