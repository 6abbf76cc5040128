package no.kommune.esb.forsendelse;

import no.kommune.esb.model.Identitetsnummer;

/**
 * SvarUt v2's {@code mottaker} ({@code Adresse} schema of forsendelse-send-api-v2.json), field for field. The
 * address fields are null when the letter goes digital-only. Lengths respect SvarUt v3's limits (v2 states none):
 * navn ≤ 100, adresselinje1–3 and poststed ≤ 70, postnummer ≤ 20; see {@link AdresseFormatterer}.
 * {@code toString} shows neither name nor address.
 */
public record SvarUtMottaker(String navn, String digitalId, String adresselinje1, String adresselinje2, String adresselinje3,
                             String postnummer, String poststed, String land) {

    /** A digital-only recipient: name and identity number, no postal address. */
    public static SvarUtMottaker kunDigital(String navn, String digitalId) {
        return new SvarUtMottaker(navn, digitalId, null, null, null, null, null, null);
    }

    public boolean harPostadresse() {
        return adresselinje1 != null || adresselinje2 != null || adresselinje3 != null || postnummer != null
                || poststed != null || land != null;
    }

    /** The same recipient with the postal address removed. */
    public SvarUtMottaker utenPostadresse() {
        return kunDigital(navn, digitalId);
    }

    @Override
    public String toString() {
        return "SvarUtMottaker[" + (digitalId == null ? "-" : Identitetsnummer.mask(digitalId))
                + ", postadresse=" + harPostadresse() + "]";
    }
}
