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

    /** One owner with a share (teller/nevner); a sole owner has 1/1. */
    public record Eierandel(Eier eier, long teller, long nevner) {
    }

    @Override
    public String toString() {
        return "Matrikkelenhet[" + matrikkelnummer.tekst() + ", " + type + ", eiere=" + eiere + "]";
    }
}
