package no.kommune.esb.forsendelse;

import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The decision for one actual recipient of a letter. The constructor enforces the safety invariants, so an
 * unsafe decision cannot exist: a strictly confidential recipient never carries a postal address, print always
 * has one, manual handling and stop always say why. {@code toString} shows neither name nor address.
 *
 * @param mottakerReferanse   this recipient's reference: the letter's reference, plus "-" + role (+ "-" + n) when the
 *                            letter fans out; a new recipient letter's id (SvarUt's {@code eksternReferanse}, looked
 *                            up before any resend, rule 8) is derived from it, so it never reaches SvarUt itself. Not
 *                            tied to the person: a later pass finds the letter by its recipient ({@link Mottakerkobling})
 * @param gjelder             the person the letter is addressed to or about (the child for rule 7); null for organisations
 * @param mottaker            the recipient; null for organisations and for an unresolved responsibility holder
 * @param organisasjon        the recipient organisation, else null
 * @param svarUtMottaker      SvarUt {@code mottaker} for DIGITAL and PRINT, else null; without address lines when digital-only
 * @param kunDigitalLevering  SvarUt {@code kunDigitalLevering}: true when no postal address may or can be given
 * @param varslingskanaler    for {@link Kanal#VARSEL_SMS_EPOST}: which KRR channels may be used (fresh contact data only)
 * @param adressekilde        which register address the postal lines came from
 * @param ikkeVidereformidle  the address may be used to send but must not be disclosed onwards (fortrolig, klientadresse,
 *                            or shared with a protected family member); always true when strictly confidential
 * @param begrunnelse         why, in a fixed text without personal data; always set for MANUELL and STOPP
 */
public record Mottakerbeslutning(String mottakerReferanse,
                                 Identitetsnummer gjelder,
                                 Identitetsnummer mottaker,
                                 Organisasjonsnummer organisasjon,
                                 Mottakerrolle rolle,
                                 Kanal kanal,
                                 Regel regel,
                                 SvarUtMottaker svarUtMottaker,
                                 boolean kunDigitalLevering,
                                 Set<Varslingskanal> varslingskanaler,
                                 Adressekilde adressekilde,
                                 boolean ikkeVidereformidle,
                                 Beslutningsgrunnlag grunnlag,
                                 String begrunnelse) {

    public Mottakerbeslutning {
        Objects.requireNonNull(mottakerReferanse, "mottakerReferanse");
        Objects.requireNonNull(rolle, "rolle");
        Objects.requireNonNull(kanal, "kanal");
        Objects.requireNonNull(regel, "regel");
        varslingskanaler = varslingskanaler == null || varslingskanaler.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(varslingskanaler)); // enum order, so JSON is stable
        adressekilde = adressekilde == null ? Adressekilde.INGEN : adressekilde;
        grunnlag = grunnlag == null ? Beslutningsgrunnlag.INGEN : grunnlag;
        boolean harAdresse = svarUtMottaker != null && svarUtMottaker.harPostadresse();
        if (grunnlag.gradering() == Gradering.STRENGT_FORTROLIG) {
            if (harAdresse || adressekilde != Adressekilde.INGEN) {
                throw new IllegalStateException("a strictly confidential recipient must never carry a postal address (rule 5)");
            }
            ikkeVidereformidle = true;
        }
        switch (kanal) {
            case DIGITAL -> {
                if (svarUtMottaker == null) {
                    throw new IllegalStateException("DIGITAL needs a SvarUt mottaker");
                }
                if (!harAdresse && !kunDigitalLevering) {
                    throw new IllegalStateException("DIGITAL without a postal address must be kunDigitalLevering");
                }
            }
            case PRINT -> {
                if (!harAdresse || kunDigitalLevering) {
                    throw new IllegalStateException("PRINT needs a postal address");
                }
            }
            case VARSEL_SMS_EPOST -> {
                if (varslingskanaler.isEmpty() || svarUtMottaker != null) {
                    throw new IllegalStateException("VARSEL_SMS_EPOST needs a channel and no SvarUt mottaker");
                }
            }
            case MANUELL, STOPP -> {
                if (svarUtMottaker != null || adressekilde != Adressekilde.INGEN) {
                    throw new IllegalStateException(kanal + " must not carry an address");
                }
                if (begrunnelse == null || begrunnelse.isBlank()) {
                    throw new IllegalStateException(kanal + " needs a begrunnelse");
                }
            }
        }
        if (kanal != Kanal.VARSEL_SMS_EPOST && !varslingskanaler.isEmpty()) {
            throw new IllegalStateException("varslingskanaler only for VARSEL_SMS_EPOST");
        }
    }

    /** True when the letter should actually be handed to SvarUt or the SMS/e-mail gateway. */
    public boolean skalSendes() {
        return kanal == Kanal.DIGITAL || kanal == Kanal.PRINT || kanal == Kanal.VARSEL_SMS_EPOST;
    }

    /** The same recipient, now handled manually or stopped, without any address. */
    Mottakerbeslutning omgjort(Kanal nyKanal, Regel nyRegel, Beslutningsgrunnlag nyttGrunnlag, String nyBegrunnelse) {
        return new Mottakerbeslutning(mottakerReferanse, gjelder, mottaker, organisasjon, rolle, nyKanal, nyRegel, null, false,
                Set.of(), Adressekilde.INGEN, ikkeVidereformidle, nyttGrunnlag, nyBegrunnelse);
    }

    @Override
    public String toString() {
        String hvem = mottaker != null ? mottaker.masked() : organisasjon != null ? organisasjon.value() : "-";
        return "Mottakerbeslutning[" + mottakerReferanse + ", " + rolle + " " + hvem + ", " + kanal + ", " + regel.kode()
                + (kunDigitalLevering ? ", kunDigital" : "") + (ikkeVidereformidle ? ", ikkeVidereformidle" : "")
                + ", kilde=" + adressekilde + ", " + grunnlag + (begrunnelse == null ? "" : ", " + begrunnelse) + "]";
    }
}
