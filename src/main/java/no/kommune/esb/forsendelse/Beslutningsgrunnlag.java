package no.kommune.esb.forsendelse;

import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.KrrKontakt;
import no.kommune.esb.model.Personstatus;

import java.time.Instant;

/**
 * The evidence kept with a decision (rule 1): the KRR and register facts it rests on, never contact data.
 * Fields are null when the source was not consulted (organisations, persons not found).
 *
 * @param reservert           KRR {@code reservasjon=JA}
 * @param krrStatus           KRR {@code status}
 * @param kanVarsles          KRR {@code varslingsstatus=KAN_VARSLES}
 * @param harDigitalPostkasse KRR returned a digital mailbox (only the fact, not the address)
 * @param gradering           the strictest grading that applied to the recipient's address (own or a family member's)
 * @param personstatus        Folkeregisteret status of the recipient
 * @param oppslagstidspunkt   when KRR was looked up for this dispatch
 */
public record Beslutningsgrunnlag(Boolean reservert, KrrKontakt.Status krrStatus, Boolean kanVarsles, Boolean harDigitalPostkasse,
                                  Gradering gradering, Personstatus personstatus, Instant oppslagstidspunkt) {

    static final Beslutningsgrunnlag INGEN = new Beslutningsgrunnlag(null, null, null, null, null, null, null);

    Beslutningsgrunnlag medGradering(Gradering ny) {
        return new Beslutningsgrunnlag(reservert, krrStatus, kanVarsles, harDigitalPostkasse, ny, personstatus, oppslagstidspunkt);
    }

    Beslutningsgrunnlag medPersonstatus(Personstatus ny) {
        return new Beslutningsgrunnlag(reservert, krrStatus, kanVarsles, harDigitalPostkasse, gradering, ny, oppslagstidspunkt);
    }
}
